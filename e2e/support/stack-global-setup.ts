/**
 * Starts the whole local stack exactly as a developer does (`node tools/local-stack/src/start.ts`)
 * on free ports, with its own state folder, its own fresh database on the machine's Postgres
 * and its own Redis key namespace; waits for "SEEYOO is running" and hands the addresses to the
 * tests. At the end: Ctrl-C (SIGINT) to the stack, then the database is dropped.
 * The stack's output goes to artifacts/e2e/stack.log.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { createWriteStream, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { checkRequirements, type Requirements } from "./e2e-requirements.ts";

export interface StackInfo {
  edgeUrl: string;
  originUrl: string;
  cdnUrl: string;
  artifactsDir: string;
  requirements: Requirements;
}

declare module "vitest" {
  export interface ProvidedContext {
    stack: StackInfo | null;
  }
}

const root = fileURLToPath(new URL("../../", import.meta.url));
const READY = "SEEYOO is running";
// The first start encodes the test channels (a few minutes on a small machine); later starts reuse them.
const START_TIMEOUT_MS = Number(process.env.E2E_START_TIMEOUT_MS ?? 15 * 60_000);

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

function waitForReady(child: ChildProcess, log: NodeJS.WritableStream): Promise<void> {
  return new Promise((ready, fail) => {
    let seen = "";
    const timer = setTimeout(
      () =>
        fail(
          new Error(
            `the stack did not print "${READY}" within ${START_TIMEOUT_MS} ms; see artifacts/e2e/stack.log`,
          ),
        ),
      START_TIMEOUT_MS,
    );
    const watch = (chunk: Buffer) => {
      log.write(chunk);
      seen = (seen + chunk.toString()).slice(-4_000);
      if (seen.includes(READY)) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on("data", watch);
    child.stderr?.on("data", (chunk: Buffer) => log.write(chunk));
    child.once("exit", (code, signal) => {
      clearTimeout(timer);
      fail(new Error(`the stack exited (${signal ?? code}) before it was ready:\n${seen}`));
    });
  });
}

export default async function setup(project: TestProject) {
  const requirements = checkRequirements();
  if (!requirements.chromium) {
    console.warn(`[e2e] skipped: no Chromium at ${process.env.CHROMIUM_PATH ?? "/usr/bin/chromium"}`);
    project.provide("stack", null);
    return;
  }

  const artifactsDir = join(root, "artifacts/e2e");
  mkdirSync(artifactsDir, { recursive: true });
  const adminUrl = process.env.TEST_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";
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
  const log = createWriteStream(join(artifactsDir, "stack.log"));
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
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const exited = new Promise<void>((done) => child.once("exit", () => done()));

  const teardown = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGINT");
      const forced = setTimeout(() => child.kill("SIGKILL"), 20_000);
      await exited;
      clearTimeout(forced);
    }
    log.end();
    await admin(adminUrl, (c) => c.query(`drop database if exists ${database} with (force)`)).catch(
      (error: unknown) => console.warn(`[e2e] could not drop ${database}: ${String(error)}`),
    );
    rmSync(stateDir, { recursive: true, force: true });
  };

  try {
    await waitForReady(child, log);
  } catch (error) {
    await teardown();
    throw error;
  }
  project.provide("stack", {
    edgeUrl: `http://127.0.0.1:${ports.EDGE_PORT}`,
    originUrl: `http://127.0.0.1:${ports.ORIGIN_PORT}`,
    cdnUrl: `http://127.0.0.1:${ports.CDN_PORT}`,
    artifactsDir,
    requirements,
  });
  return teardown;
}
