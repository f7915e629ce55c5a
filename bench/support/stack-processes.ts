/**
 * The pieces of the stack `npm start` runs, each in a process of its own under a BenchRun (so the
 * load generator shares an event loop with none of them, and everything stops with the run): the
 * Upstash bridge, the Neon WebSocket proxy, the origin and the edge Worker under `wrangler dev`.
 * Used by the benchmarks and by the fault suite (faults/), which also kills and restarts them.
 */
import { randomBytes } from "node:crypto";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { freePort } from "@seeyoo/local-stack/free-port";
import { createProcessGroup, type ProcessGroup } from "@seeyoo/local-stack/process-group";
import { waitForHttp } from "@seeyoo/local-stack/wait-for-http";
import type { BenchRun } from "./bench-run.ts";
import { startWranglerDev, writeEnvFile } from "./wrangler-dev.ts";

const root = fileURLToPath(new URL("../../", import.meta.url));

export interface UpstashEndpoint {
  url: string;
  token: string;
  pid: number | undefined;
}

/** An Upstash REST bridge in front of `redisUrl`, on a free port. */
export async function spawnUpstashBridge(
  run: BenchRun,
  redisUrl: string,
  name = "bridge",
): Promise<UpstashEndpoint> {
  const port = await freePort();
  const token = randomBytes(16).toString("hex");
  const bridge = run.spawn(name, process.execPath, [`${root}tools/local-stack/src/upstash-bridge-cli.ts`], {
    env: {
      ...process.env,
      REDIS_URL: redisUrl,
      UPSTASH_BRIDGE_TOKEN: token,
      UPSTASH_BRIDGE_PORT: String(port),
    },
  });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(url, 15_000);
  return { url, token, pid: bridge.child.pid };
}

/** The Neon WebSocket proxy for `databaseUrl`; `hostPath` is what NEON_WS_PROXY takes. */
export async function spawnNeonProxy(
  run: BenchRun,
  databaseUrl: string,
): Promise<{ hostPath: string; pid: number | undefined }> {
  const port = await freePort();
  const proxy = run.spawn("neon-proxy", process.execPath, [
    `${root}bench/support/neon-ws-proxy-cli.ts`,
    String(port),
    databaseUrl,
  ]);
  await waitForHttp(`http://127.0.0.1:${port}/`, 15_000);
  return { hostPath: `127.0.0.1:${port}/v1`, pid: proxy.child.pid };
}

export interface OriginProcess {
  url: string;
  /** The running origin's pid (after a restart, the new one). */
  readonly pid: number | undefined;
  /** Sends a signal to the running origin (SIGKILL crashes it, SIGTERM drains it). */
  signal(signal: NodeJS.Signals): void;
  /** Resolves when the current origin process has exited. */
  exited(): Promise<unknown>;
}

/**
 * The origin (`node origin/src/server.ts`) with `env` on top of the run's environment (minus any
 * Upstash variables of the caller's shell), supervised as `npm start` supervises it: an origin
 * that dies is started again (with a short backoff). With `restart: false` it is a plain child of
 * the run instead, whose death ends the run (a benchmark must not measure a restarted origin).
 * Resolves once /readyz answers.
 */
export async function spawnOrigin(
  run: BenchRun,
  env: Record<string, string>,
  options: { restart?: boolean } = {},
): Promise<OriginProcess> {
  const port = await freePort();
  const {
    UPSTASH_REDIS_REST_URL: _u,
    UPSTASH_REDIS_REST_TOKEN: _t,
    UPSTASH_STATE_REST_URL: _su,
    UPSTASH_STATE_REST_TOKEN: _st,
    ...inherited
  } = process.env;
  const args = [`${root}origin/src/server.ts`];
  const spawnOptions = {
    env: {
      ...inherited,
      HOST: "127.0.0.1",
      ORIGIN_PORT: String(port),
      BCRYPT_COST: "4",
      LOG_LEVEL: "warn",
      ...env,
    },
  };
  const origin =
    options.restart === false
      ? run.spawn("origin", process.execPath, args, spawnOptions)
      : supervised(run).spawnManaged("origin", process.execPath, args, {
          ...spawnOptions,
          restart: { initialDelayMs: 100, maxDelayMs: 1_000, maxQuickCrashes: 20 },
        });
  const url = `http://127.0.0.1:${port}`;
  await waitForHttp(`${url}/readyz`, 30_000);
  return {
    url,
    get pid() {
      return origin.child.pid;
    },
    signal(signal) {
      origin.child.kill(signal);
    },
    exited: () => origin.exited,
  };
}

/** A process group of its own, stopped with the run, whose children are restarted when they die. */
function supervised(run: BenchRun): ProcessGroup {
  const group = createProcessGroup({ stdout: process.stderr, exit: () => {} });
  run.onCleanup(() => group.shutdownAll());
  return group;
}

export interface EdgeProcess {
  url: string;
  pid: number | undefined;
  stop(): Promise<void>;
}

/** What the Worker is bound to: the other processes of the stack. */
export interface EdgeBackends {
  originUrl: string;
  /** The Postgres URL the Worker's role connects with (through the proxy). */
  databaseUrl: string;
  /** NEON_WS_PROXY: the proxy's host:port/path. */
  neonProxy: string;
  cloudfrontPrivateKeyPem: string;
  namespace: string;
  /** The cache Redis's Upstash endpoint; null runs the Worker without its Redis tier. */
  upstash: { url: string; token: string } | null;
}

/** The Worker under `wrangler dev`, bound to `backends` (secrets through an env file). */
export async function startEdge(
  run: BenchRun,
  name: string,
  stateDir: string,
  backends: EdgeBackends,
): Promise<EdgeProcess> {
  mkdirSync(stateDir, { recursive: true });
  const envFile = join(stateDir, "edge.env");
  writeEnvFile(envFile, {
    ORIGIN_URL: backends.originUrl,
    DATABASE_URL: backends.databaseUrl,
    NEON_WS_PROXY: backends.neonProxy,
    NEON_WS_SECURE: "false",
    CDN_BASE_URL: "http://127.0.0.1:9",
    CLOUDFRONT_PRIVATE_KEY: backends.cloudfrontPrivateKeyPem,
    CACHE_NAMESPACE: backends.namespace,
    ...(backends.upstash
      ? { UPSTASH_REDIS_REST_URL: backends.upstash.url, UPSTASH_REDIS_REST_TOKEN: backends.upstash.token }
      : {}),
  });
  const edge = await startWranglerDev(run, { name, envFile, stateDir });
  await waitForHttp(`${edge.url}/healthz`, 90_000);
  return edge;
}
