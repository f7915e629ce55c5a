/**
 * Starts the whole local stack exactly as a developer does (`node tools/local-stack/src/start.ts`)
 * as a child process on free ports, with its own state folder, its own fresh database on the
 * machine's Postgres and its own Redis key namespace; resolves once it prints "SEEYOO is running".
 * `stop()` sends Ctrl-C (SIGINT), waits, and drops the database. Used by the browser tests and by
 * `npm run fuzz`.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";

export interface StackProcess {
  edgeUrl: string;
  originUrl: string;
  cdnUrl: string;
  stop(): Promise<void>;
}

export interface StackProcessOptions {
  /** Where the stack's output goes (a log file). */
  log: NodeJS.WritableStream;
  /** Name of the log, for error messages. */
  logName: string;
  /** Postgres to create the stack's database on (as a superuser). */
  adminUrl?: string;
  startTimeoutMs?: number;
  env?: Record<string, string>;
}

const root = fileURLToPath(new URL("../../../", import.meta.url));
const READY = "SEEYOO is running";

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as { port: number };
  await new Promise((closed) => server.close(closed));
  return port;
}

function withDatabase(url: string, database: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${database}`;
  return parsed.toString();
}

async function admin<T>(adminUrl: string, run: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await run(client);
  } finally {
    await client.end();
  }
}

function waitForReady(child: ChildProcess, options: StackProcessOptions, timeoutMs: number): Promise<void> {
  return new Promise((ready, fail) => {
    let seen = "";
    const timer = setTimeout(
      () =>
        fail(new Error(`the stack did not print "${READY}" within ${timeoutMs} ms; see ${options.logName}`)),
      timeoutMs,
    );
    const watch = (chunk: Buffer) => {
      options.log.write(chunk);
      seen = (seen + chunk.toString()).slice(-4_000);
      if (seen.includes(READY)) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on("data", watch);
    child.stderr?.on("data", (chunk: Buffer) => options.log.write(chunk));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the stack exited (${signal ?? code}) before it was ready:\n${seen}`));
    });
  });
}

export async function startStackProcess(options: StackProcessOptions): Promise<StackProcess> {
  const adminUrl = options.adminUrl ?? "postgres://postgres@127.0.0.1:5432/postgres";
  const suffix = randomBytes(4).toString("hex");
  const database = `seeyoo_e2e_${suffix}`;
  await admin(adminUrl, (c) => c.query(`create database ${database}`));
  const stateDir = mkdtempSync(join(tmpdir(), "seeyoo-e2e-"));

  const ports = {
    EDGE_PORT: await freePort(),
    ORIGIN_PORT: await freePort(),
    CDN_PORT: await freePort(),
    NEON_PROXY_PORT: await freePort(),
    UPSTASH_BRIDGE_PORT: await freePort(),
    UPSTASH_STATE_BRIDGE_PORT: await freePort(),
    EMBEDDED_PG_PORT: await freePort(),
  };
  const child = spawn(process.execPath, [join(root, "tools/local-stack/src/start.ts")], {
    cwd: root,
    env: {
      ...process.env,
      ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
      SEEYOO_LOCAL_DIR: stateDir,
      // Encoded test channels are kept between runs, outside the throw-away state folder.
      SEEYOO_MEDIA_DIR: process.env.SEEYOO_MEDIA_DIR ?? join(root, "node_modules/.cache/seeyoo-media"),
      DATABASE_URL: withDatabase(adminUrl, database),
      CACHE_NAMESPACE: `seeyoo-e2e:${suffix}`,
      BCRYPT_COST: "4",
      ...options.env,
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT");
      const forced = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(forced);
    }
    await admin(adminUrl, (c) => c.query(`drop database if exists ${database} with (force)`)).catch(
      (error: unknown) => console.warn(`[stack] could not drop ${database}: ${String(error)}`),
    );
    rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(child, options, options.startTimeoutMs ?? 15 * 60_000);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    edgeUrl: `http://127.0.0.1:${ports.EDGE_PORT}`,
    originUrl: `http://127.0.0.1:${ports.ORIGIN_PORT}`,
    cdnUrl: `http://127.0.0.1:${ports.CDN_PORT}`,
    stop,
  };
}
