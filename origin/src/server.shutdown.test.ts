/**
 * The real process: `node src/server.ts`, stopped with SIGTERM while a request is in flight. A
 * registration at bcrypt cost 13 takes long enough to still be running when the signal lands.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { fileURLToPath } from "node:url";
import { generateSigningJwk } from "@seeyoo/dev-data/signing-key";
import { afterEach, describe, expect, it } from "vitest";
import { uniqueEmail } from "../test/accounts.ts";
import { createTestDatabase } from "../test/origin-harness.ts";

let child: ChildProcess | undefined;
afterEach(() => {
  child?.kill("SIGKILL");
});

async function startServer(env: Record<string, string>) {
  const proc = spawn(process.execPath, [fileURLToPath(new URL("./server.ts", import.meta.url))], {
    env: { ...process.env, ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  child = proc;
  let output = "";
  proc.stdout?.on("data", (d) => {
    output += d;
  });
  proc.stderr?.on("data", (d) => {
    output += d;
  });
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no listen line:\n${output}`)), 15_000);
    proc.stdout?.on("data", () => {
      const m = /"port":(\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
  });
  return { proc, port, output: () => output };
}

describe("graceful shutdown", () => {
  it("finishes an in-flight request after SIGTERM, refuses new ones, then exits 0", async () => {
    const { proc, port, output } = await startServer({
      DATABASE_URL: await createTestDatabase(),
      JWT_PRIVATE_KEYS: JSON.stringify([await generateSigningJwk()]),
      BCRYPT_COST: "13",
      ORIGIN_PORT: "0",
      SHUTDOWN_GRACE_MS: "20000",
    });
    const inFlight = fetch(`http://127.0.0.1:${port}/v1/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: uniqueEmail(), password: "long enough pw", name: "Late" }),
    });
    await new Promise((r) => setTimeout(r, 100));
    const exited = once(proc, "exit");
    proc.kill("SIGTERM");

    const res = await inFlight;
    expect(res.status).toBe(201);
    expect((await res.json()).user.name).toBe("Late");

    const [code] = await exited;
    expect(code).toBe(0);
    expect(output()).toContain('"msg":"stopped"');
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  });

  it("stops at start with a message naming a missing variable", async () => {
    const proc = spawn(process.execPath, [fileURLToPath(new URL("./server.ts", import.meta.url))], {
      env: { PATH: process.env.PATH ?? "", JWT_PRIVATE_KEYS: "[]" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = proc;
    let err = "";
    proc.stderr?.on("data", (d) => {
      err += d;
    });
    const [code] = await once(proc, "exit");
    expect(code).toBe(78);
    expect(err).toContain("DATABASE_URL");
  });
});
