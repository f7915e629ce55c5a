/**
 * The origin as the benchmark runs it: a child process (`node origin/src/server.ts`), so its memory
 * is its own and can be read from /proc/<pid>/status (VmHWM, the peak resident set).
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { readFileSync, writeFileSync } from "node:fs";
import { generateSigningJwk } from "@seeyoo/dev-data/signing-key";
import { freePort } from "@seeyoo/local-stack/free-port";
import { ORIGIN_NODE_FLAGS } from "@seeyoo/origin/node-flags";

export interface OriginProcess {
  url: string;
  pid: number;
  /** Peak RSS (VmHWM) since start or the last resetPeakRss(), in MB. */
  peakRssMb(): number;
  /** Current RSS (VmRSS), in MB. */
  rssMb(): number;
  /**
   * Restarts the peak from the current RSS (Linux: `5 > /proc/<pid>/clear_refs`), so the peak
   * measures the ingest rather than the garbage of module loading at startup.
   */
  resetPeakRss(): void;
  stop(): Promise<void>;
}

export async function startOriginProcess(
  databaseUrl: string,
  env: Record<string, string> = {},
): Promise<OriginProcess> {
  const port = await freePort();
  const child: ChildProcess = spawn(process.execPath, [...ORIGIN_NODE_FLAGS, "origin/src/server.ts"], {
    env: {
      ...process.env,
      DATABASE_URL: databaseUrl,
      JWT_PRIVATE_KEYS: JSON.stringify([await generateSigningJwk("bench-1")]),
      ORIGIN_PORT: String(port),
      HOST: "127.0.0.1",
      LOG_LEVEL: "warn",
      EPG_LANGUAGES: "en",
      ...env,
    },
    stdio: ["ignore", "inherit", "inherit"],
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHealth(url, child);
  const pid = child.pid as number;
  return {
    url,
    pid,
    peakRssMb: () => statusMb(pid, "VmHWM"),
    rssMb: () => statusMb(pid, "VmRSS"),
    resetPeakRss: () => writeFileSync(`/proc/${pid}/clear_refs`, "5"),
    async stop() {
      if (child.exitCode !== null) return;
      child.kill("SIGTERM");
      await once(child, "exit");
    },
  };
}

function statusMb(pid: number, field: "VmHWM" | "VmRSS"): number {
  const match = new RegExp(`^${field}:\\s+(\\d+) kB$`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
  return match ? Number(match[1]) / 1024 : Number.NaN;
}

async function waitForHealth(url: string, child: ChildProcess): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`origin exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/healthz`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error("origin did not become healthy within 30 s");
}
