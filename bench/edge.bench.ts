/**
 * Edge read performance under `wrangler dev` on loopback (issue #3 §9): requests/s and p99 of
 * GET /v1/epg/now and GET /v1/channels against GET /healthz (no I/O) of the same Worker, same
 * connections and duration each; the trivial route runs first and last and the mean is the
 * reference. Warmed caches first. With a Redis at REDIS_URL (default 127.0.0.1:6379) the edge runs
 * with its Redis tier (the primary numbers) and then again without it (`without_redis`). Also
 * counted: Redis commands per request, and the bundle size from `wrangler deploy --dry-run`.
 *
 * The stack is the one `npm start` runs, each piece in its own process so the load generator
 * (autocannon, in this process) shares an event loop with none of them: Postgres (migrated, demo
 * seed + a day of programmes), origin, Neon WebSocket proxy, Upstash bridge, wrangler dev.
 * The last line printed is the JSON summary.
 *
 * Env: BENCH_DATABASE_URL, REDIS_URL, BENCH_EDGE_CONNECTIONS (10), BENCH_EDGE_SECONDS (10),
 *      BENCH_EDGE_WITHOUT_REDIS (1; 0 skips the second configuration).
 */
import { randomBytes } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { seedDemoData } from "@seeyoo/dev-data/demo-seed";
import { openDatabase } from "@seeyoo/origin/database";
import { Passwords } from "@seeyoo/origin/passwords";
import { loadOrCreateDevSecrets } from "../tools/local-stack/src/dev-secrets.ts";
import { isRedisReachable } from "../tools/local-stack/src/redis-reachable.ts";
import { waitForHttp } from "../tools/local-stack/src/wait-for-http.ts";
import { provisionBenchDatabase } from "./support/bench-database.ts";
import { type BenchRun, runBench } from "./support/bench-run.ts";
import { type CpuSubject, cpuPerRequest, cpuSnapshot } from "./support/cpu-accounting.ts";
import { insertDemoProgrammes } from "./support/demo-programmes.ts";
import { freePort } from "./support/free-port.ts";
import { type LoadResult, runLoad } from "./support/http-load.ts";
import { round } from "./support/percentiles.ts";
import { countRedisCommands, deleteRedisNamespace, localRedisPid } from "./support/redis-command-counter.ts";
import { measureBundle, startWranglerDev, writeEnvFile } from "./support/wrangler-dev.ts";

const envInt = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONNECTIONS = envInt("BENCH_EDGE_CONNECTIONS", 10);
const SECONDS = envInt("BENCH_EDGE_SECONDS", 10);
const ALSO_WITHOUT_REDIS = process.env.BENCH_EDGE_WITHOUT_REDIS !== "0";
const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
const WARMUP_SECONDS = 5;
const PROBE_REQUESTS = 50;
const RATIO_GOAL = 0.7;
const BUNDLE_GOAL_KB = 300;

const ROUTES = { trivial: "/healthz", epgNow: "/v1/epg/now", channels: "/v1/channels" } as const;
const root = fileURLToPath(new URL("../", import.meta.url));
const say = (message: string) => console.log(`[edge-bench] ${message}`);

interface Backends {
  databaseUrl: string;
  originUrl: string;
  neonProxy: string;
  upstash: { url: string; token: string } | null;
  cloudfrontPrivateKeyPem: string;
  namespace: string;
  /** Processes whose CPU time is accounted per request (besides the edge's own). */
  cpuSubjects: Record<string, CpuSubject>;
}

async function startBackends(run: BenchRun, stateDir: string): Promise<Backends> {
  const database = await provisionBenchDatabase(run);
  const { pool, db } = openDatabase(database.url, { max: 2 });
  try {
    await seedDemoData(db, new Passwords(4));
    const programmes = await insertDemoProgrammes(db);
    say(`Postgres: ${database.origin}; ${programmes} programmes inserted`);
  } finally {
    await pool.end();
  }
  const secrets = await loadOrCreateDevSecrets(join(stateDir, "secrets"));
  const namespace = `seeyoo-bench-${randomBytes(4).toString("hex")}`;

  const cpuSubjects: Record<string, CpuSubject> = {
    loadgen: { pid: process.pid },
    // Every Postgres backend on this machine (the shared server or the embedded one).
    postgres: { pid: 1, tree: true, comm: /^postgres$/ },
  };
  let upstash: Backends["upstash"] = null;
  if (await isRedisReachable(REDIS_URL, 1_000)) {
    const port = await freePort();
    const token = randomBytes(16).toString("hex");
    const redisPid = await localRedisPid(REDIS_URL);
    if (redisPid) cpuSubjects.redis = { pid: redisPid };
    const bridge = run.spawn(
      "bridge",
      process.execPath,
      [`${root}tools/local-stack/src/upstash-bridge-cli.ts`],
      {
        env: { ...process.env, REDIS_URL, UPSTASH_BRIDGE_TOKEN: token, UPSTASH_BRIDGE_PORT: String(port) },
      },
    );
    if (bridge.child.pid) cpuSubjects.bridge = { pid: bridge.child.pid };
    upstash = { url: `http://127.0.0.1:${port}`, token };
    await waitForHttp(upstash.url, 15_000);
    run.onCleanup(async () => {
      const deleted = await deleteRedisNamespace(REDIS_URL, namespace);
      say(`deleted ${deleted} Redis keys of ${namespace}`);
    });
  } else {
    say(`no Redis at ${REDIS_URL}: measuring the edge without its Redis tier only`);
  }

  const proxyPort = await freePort();
  const proxy = run.spawn("neon-proxy", process.execPath, [
    `${root}bench/support/neon-ws-proxy-cli.ts`,
    String(proxyPort),
    database.url,
  ]);
  if (proxy.child.pid) cpuSubjects.neon_proxy = { pid: proxy.child.pid };
  await waitForHttp(`http://127.0.0.1:${proxyPort}/`, 15_000);

  const originPort = await freePort();
  const { UPSTASH_REDIS_REST_URL: _u, UPSTASH_REDIS_REST_TOKEN: _t, ...inherited } = process.env;
  run.spawn("origin", process.execPath, [`${root}origin/src/server.ts`], {
    env: {
      ...inherited,
      DATABASE_URL: database.url,
      HOST: "127.0.0.1",
      ORIGIN_PORT: String(originPort),
      JWT_PRIVATE_KEYS: secrets.jwtPrivateKeysJson,
      BCRYPT_COST: "4",
      LOG_LEVEL: "warn",
      CACHE_NAMESPACE: namespace,
      ...(upstash ? { UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token } : {}),
    },
  });
  const originUrl = `http://127.0.0.1:${originPort}`;
  await waitForHttp(`${originUrl}/readyz`, 30_000);

  return {
    databaseUrl: database.url,
    originUrl,
    neonProxy: `127.0.0.1:${proxyPort}/v1`,
    upstash,
    cloudfrontPrivateKeyPem: secrets.cloudfrontPrivateKeyPem,
    namespace,
    cpuSubjects,
  };
}

/** Requests until the route answers 200 from the wanted cache tier (or `tries` run out). */
async function warmRoute(url: string, wantedTier: string | null, tries = 30): Promise<string | null> {
  let tier: string | null = null;
  for (let i = 0; i < tries; i++) {
    const res = await fetch(url);
    const body = await res.text();
    if (res.status !== 200) throw new Error(`${url} answered ${res.status}: ${body.slice(0, 300)}`);
    tier = res.headers.get("x-seeyoo-cache");
    if (tier === wantedTier) break;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return tier;
}

async function assertGuideHasContent(edgeUrl: string): Promise<number> {
  const body = (await (await fetch(`${edgeUrl}${ROUTES.epgNow}`)).json()) as {
    channels: { now: unknown; next: unknown }[];
  };
  const onAir = body.channels.filter((ch) => ch.now && ch.next).length;
  if (onAir === 0)
    throw new Error("/v1/epg/now has no programme on air: the bench would measure an empty guide");
  return onAir;
}

interface EdgeMeasurement {
  redis: boolean;
  trivial_first: LoadResult;
  epg_now: LoadResult;
  channels: LoadResult;
  trivial_last: LoadResult;
  epg_now_not_modified: LoadResult;
  trivial_rps: number;
  epg_now_vs_trivial_ratio: number;
  channels_vs_trivial_ratio: number;
  cache_tier_epg_now: string | null;
  cache_tier_channels: string | null;
  cpu_ms_per_request: Record<string, Record<string, number>>;
  redis_commands_per_request?: Record<string, Record<string, number>>;
}

async function measureEdge(
  run: BenchRun,
  backends: Backends,
  stateDir: string,
  withRedis: boolean,
): Promise<EdgeMeasurement> {
  const label = withRedis ? "edge" : "edge-no-redis";
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
    ...(withRedis && backends.upstash
      ? { UPSTASH_REDIS_REST_URL: backends.upstash.url, UPSTASH_REDIS_REST_TOKEN: backends.upstash.token }
      : {}),
  });
  const edge = await startWranglerDev(run, { name: label, envFile, stateDir });
  try {
    await waitForHttp(`${edge.url}${ROUTES.trivial}`, 90_000);
    say(`${label}: wrangler dev on ${edge.url}`);
    const wantedTier = withRedis ? "edge" : "database";
    const cacheTierChannels = await warmRoute(`${edge.url}${ROUTES.channels}`, wantedTier);
    const cacheTierEpgNow = await warmRoute(`${edge.url}${ROUTES.epgNow}`, wantedTier);
    const onAir = await assertGuideHasContent(edge.url);
    say(
      `${label}: caches warm (channels from ${cacheTierChannels}, epg/now from ${cacheTierEpgNow}; ${onAir} channels on air)`,
    );

    let redisCommands: EdgeMeasurement["redis_commands_per_request"];
    if (withRedis) {
      redisCommands = {};
      for (const [name, path] of Object.entries(ROUTES)) {
        const counts = await countRedisCommands(REDIS_URL, backends.namespace, async () => {
          for (let i = 0; i < PROBE_REQUESTS; i++) await (await fetch(`${edge.url}${path}`)).text();
        });
        redisCommands[name] = Object.fromEntries(
          Object.entries(counts).map(([command, n]) => [command, round(n / PROBE_REQUESTS)]),
        );
      }
      say(`${label}: Redis commands per request ${JSON.stringify(redisCommands)}`);
    }

    const subjects: Record<string, CpuSubject> = { ...backends.cpuSubjects };
    if (edge.pid) {
      subjects.wrangler = { pid: edge.pid, tree: true, excludeComm: /^workerd$/ };
      subjects.workerd = { pid: edge.pid, tree: true, comm: /^workerd$/ };
    }
    const cpu: Record<string, Record<string, number>> = {};
    const load = async (path: string, durationS = SECONDS, etag?: string) => {
      const before = cpuSnapshot(subjects);
      const result = await runLoad({
        url: `${edge.url}${path}`,
        connections: CONNECTIONS,
        durationS,
        ...(etag ? { headers: { "if-none-match": etag }, expectStatus: 304 } : {}),
      });
      cpu[etag ? `${ROUTES.epgNow}?at= (304)` : path] = cpuPerRequest(
        before,
        cpuSnapshot(subjects),
        result.requests,
        ["postgres"],
      );
      return result;
    };
    for (const path of Object.values(ROUTES)) await load(path, WARMUP_SECONDS);

    const trivialFirst = await load(ROUTES.trivial);
    const epgNow = await load(ROUTES.epgNow);
    const channels = await load(ROUTES.channels);
    const trivialLast = await load(ROUTES.trivial);
    // Diagnostic, not a goal: the same lookups without sending the body (If-None-Match → 304).
    // A fixed ?at= keeps the ETag stable (without it, it changes with the minute).
    const atPath = `${ROUTES.epgNow}?at=${new Date(Math.floor(Date.now() / 1000) * 1000).toISOString()}`;
    await warmRoute(`${edge.url}${atPath}`, wantedTier);
    const epgEtag = (await fetch(`${edge.url}${atPath}`)).headers.get("etag") ?? "";
    const epgNotModified = await load(atPath, SECONDS, epgEtag);
    say(`${label}: CPU ms per request ${JSON.stringify(cpu)}`);
    for (const [name, r] of Object.entries({ trivialFirst, epgNow, channels, trivialLast, epgNotModified })) {
      const statuses = JSON.stringify(r.statuses);
      say(`${label} ${name}: ${r.rps} req/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, statuses ${statuses}`);
      if (r.failures > 0) {
        throw new Error(`${label} ${name}: non-2xx or errors ${statuses}`);
      }
    }
    const trivialRps = (trivialFirst.rps + trivialLast.rps) / 2;
    return {
      redis: withRedis,
      trivial_first: trivialFirst,
      epg_now: epgNow,
      channels,
      trivial_last: trivialLast,
      epg_now_not_modified: epgNotModified,
      trivial_rps: round(trivialRps, 1),
      epg_now_vs_trivial_ratio: round(epgNow.rps / trivialRps, 3),
      channels_vs_trivial_ratio: round(channels.rps / trivialRps, 3),
      cache_tier_epg_now: cacheTierEpgNow,
      cache_tier_channels: cacheTierChannels,
      cpu_ms_per_request: cpu,
      ...(redisCommands ? { redis_commands_per_request: redisCommands } : {}),
    };
  } finally {
    await edge.stop();
  }
}

const verdict = (ok: boolean) => (ok ? "PASS" : "FAIL");

async function main(run: BenchRun): Promise<Record<string, unknown>> {
  const stateDir = mkdtempSync(join(tmpdir(), "seeyoo-edge-bench-"));
  run.onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));

  const bundle = await measureBundle(run, join(stateDir, "bundle"));
  say(`bundle: ${bundle.upload_kib} KiB, gzip ${bundle.gzip_kib} KiB`);

  const backends = await startBackends(run, stateDir);
  const primary = await measureEdge(run, backends, join(stateDir, "primary"), backends.upstash !== null);
  const secondary =
    backends.upstash && ALSO_WITHOUT_REDIS
      ? await measureEdge(run, backends, join(stateDir, "no-redis"), false)
      : null;

  const epgOk = primary.epg_now_vs_trivial_ratio >= RATIO_GOAL;
  const channelsOk = primary.channels_vs_trivial_ratio >= RATIO_GOAL;
  // The goal is read against the figure wrangler prints (KiB); 1 KiB = 1.024 kB.
  const bundleOk = bundle.gzip_kib <= BUNDLE_GOAL_KB;
  say(
    `goal epg_now_vs_trivial_ratio >= ${RATIO_GOAL}: ${primary.epg_now_vs_trivial_ratio} → ${verdict(epgOk)}`,
  );
  say(
    `goal channels_vs_trivial_ratio >= ${RATIO_GOAL}: ${primary.channels_vs_trivial_ratio} → ${verdict(channelsOk)}`,
  );
  say(
    `goal bundle <= ${BUNDLE_GOAL_KB} KB gzipped (wrangler's KiB): ${bundle.gzip_kib} → ${verdict(bundleOk)}`,
  );

  const brief = (m: EdgeMeasurement) => ({
    trivial_rps: m.trivial_rps,
    trivial_rps_first: m.trivial_first.rps,
    trivial_rps_last: m.trivial_last.rps,
    trivial_p99_ms: Math.max(m.trivial_first.p99_ms, m.trivial_last.p99_ms),
    epg_now_rps: m.epg_now.rps,
    epg_now_p50_ms: m.epg_now.p50_ms,
    epg_now_p99_ms: m.epg_now.p99_ms,
    epg_now_at_304_rps: m.epg_now_not_modified.rps,
    epg_now_at_304_p99_ms: m.epg_now_not_modified.p99_ms,
    channels_rps: m.channels.rps,
    channels_p50_ms: m.channels.p50_ms,
    channels_p99_ms: m.channels.p99_ms,
    epg_now_vs_trivial_ratio: m.epg_now_vs_trivial_ratio,
    channels_vs_trivial_ratio: m.channels_vs_trivial_ratio,
    cache_tier_epg_now: m.cache_tier_epg_now,
    cache_tier_channels: m.cache_tier_channels,
    cpu_ms_per_request: m.cpu_ms_per_request,
    ...(m.redis_commands_per_request ? { redis_commands_per_request: m.redis_commands_per_request } : {}),
  });
  return {
    bench: "edge",
    connections: CONNECTIONS,
    seconds: SECONDS,
    redis: primary.redis,
    ...brief(primary),
    bundle_gzip_kb: bundle.gzip_kib,
    bundle_upload_kb: bundle.upload_kib,
    goals: {
      ratio_min: RATIO_GOAL,
      bundle_gzip_kb_max: BUNDLE_GOAL_KB,
      epg_now_ratio_met: epgOk,
      channels_ratio_met: channelsOk,
      bundle_met: bundleOk,
    },
    ...(secondary ? { without_redis: brief(secondary) } : {}),
  };
}

await runBench(main);
