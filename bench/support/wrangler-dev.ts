/**
 * The edge Worker under `wrangler dev`, fully offline, the way tools/local-stack/src/start.ts runs
 * it (secrets through an env file, metrics and the `cf` fetch off, wrangler state in a temp
 * folder), plus the bundle size from `wrangler deploy --dry-run`.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@seeyoo/local-stack/free-port";
import type { BenchRun } from "./bench-run.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));
const wranglerJs = join(root, "node_modules/wrangler/bin/wrangler.js");
const wranglerConfig = join(root, "wrangler.toml");

const offlineEnv = (stateDir: string): NodeJS.ProcessEnv => ({
  ...process.env,
  WRANGLER_SEND_METRICS: "false",
  CLOUDFLARE_CF_FETCH_ENABLED: "false",
  XDG_CONFIG_HOME: join(stateDir, "xdg"),
});

/** A dotenv file wrangler reads (values quoted, newlines escaped), readable by us only. */
export function writeEnvFile(path: string, vars: Record<string, string>): void {
  const quote = (v: string) => `"${v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`;
  const text = Object.entries(vars)
    .map(([k, v]) => `${k}=${quote(v)}`)
    .join("\n");
  writeFileSync(path, text, { mode: 0o600 });
}

/** Starts `wrangler dev` on a free loopback port; stop() ends it (the run ends it regardless). */
export async function startWranglerDev(
  run: BenchRun,
  spec: { name: string; envFile: string; stateDir: string },
): Promise<{ url: string; pid: number | undefined; stop(): Promise<void> }> {
  const port = await freePort();
  const inspectorPort = await freePort();
  const edge = run.spawnStoppable(
    spec.name,
    process.execPath,
    [
      wranglerJs,
      "dev",
      "--config",
      wranglerConfig,
      "--ip",
      "127.0.0.1",
      "--port",
      String(port),
      "--inspector-port",
      String(inspectorPort),
      "--env-file",
      spec.envFile,
      "--persist-to",
      join(spec.stateDir, "wrangler-state"),
      "--show-interactive-dev-session=false",
      "--log-level",
      "warn",
    ],
    { env: offlineEnv(spec.stateDir), cwd: root },
  );
  return { url: `http://127.0.0.1:${port}`, pid: edge.pid, stop: edge.stop };
}

/** Upload size of the Worker bundle: wrangler's `Total Upload: X KiB / gzip: Y KiB` line. */
export async function measureBundle(
  run: BenchRun,
  stateDir: string,
): Promise<{ upload_kib: number; gzip_kib: number }> {
  const out = await run.capture(
    process.execPath,
    [wranglerJs, "deploy", "--dry-run", "--outdir", join(stateDir, "dist"), "--config", wranglerConfig],
    { env: offlineEnv(stateDir), cwd: root },
  );
  const match = /Total Upload:\s*([\d.]+)\s*KiB\s*\/\s*gzip:\s*([\d.]+)\s*KiB/.exec(out);
  if (!match) throw new Error(`no "Total Upload" line in wrangler's output:\n${out}`);
  return { upload_kib: Number(match[1]), gzip_kib: Number(match[2]) };
}
