// A redis-server of our own on a free loopback port, for tests and benchmarks that flush, kill or
// restart Redis: the machine's Redis is shared by every stack and test run, so those never touch
// it. No persistence; `stop()` ends it (SIGKILL with `{ kill: true }`, as a crash would) and
// `start()` brings it back — empty — on the same port.
import { type ChildProcess, spawn } from "node:child_process";
import { setTimeout as sleep } from "node:timers/promises";
import { freePort } from "./free-port.ts";
import { isRedisReachable } from "./redis-reachable.ts";

export type PrivateRedis = {
  url: string;
  port: number;
  /** The server's pid while it runs. */
  readonly pid: number | undefined;
  start(): Promise<void>;
  stop(options?: { kill?: boolean }): Promise<void>;
};

export async function startPrivateRedis(options: { binary?: string } = {}): Promise<PrivateRedis> {
  const binary = options.binary ?? process.env.REDIS_SERVER ?? "redis-server";
  const port = await freePort();
  const url = `redis://127.0.0.1:${port}`;
  let child: ChildProcess | undefined;

  const start = async () => {
    const server = spawn(
      binary,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--save",
        "",
        "--appendonly",
        "no",
        "--daemonize",
        "no",
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let failure = "";
    server.stderr?.on("data", (chunk: Buffer) => {
      failure += chunk.toString();
    });
    const spawned = new Promise<void>((resolve, reject) => {
      server.once("spawn", resolve);
      server.once("error", (err) => reject(new Error(`cannot run ${binary}: ${err.message}`)));
    });
    await spawned;
    child = server;
    for (let waited = 0; !(await isRedisReachable(url, 500)); waited += 50) {
      if (server.exitCode !== null || waited > 10_000) {
        throw new Error(`redis-server on port ${port} did not start: ${failure.trim()}`);
      }
      await sleep(50);
    }
  };

  const stop = async ({ kill = false } = {}) => {
    const server = child;
    child = undefined;
    if (!server || server.exitCode !== null || server.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => server.once("exit", () => resolve()));
    server.kill(kill ? "SIGKILL" : "SIGTERM");
    await exited;
  };

  await start();
  return {
    url,
    port,
    get pid() {
      return child?.pid;
    },
    start,
    stop,
  };
}
