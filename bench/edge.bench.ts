/**
 * Edge read performance under `wrangler dev` on loopback (issue #3 §9, issue #10 §3): requests/s
 * and p99 of GET /v1/epg/now, GET /v1/channels and a viewer's GET /v1/me/favorites against
 * GET /healthz (no I/O) of the same Worker, same connections and duration each; the trivial route
 * runs first and last and the mean is the reference. Warmed caches first. Signed-in reads are
 * compared with public ones by p50 (`favorites_vs_channels_p50_ratio`), and every non-2xx answer
 * of the timed runs is counted (`non_2xx`). The edge runs with its Redis tier — a redis-server of
 * the bench's own on a free port, never the machine's shared one — (the primary numbers) and then
 * again without it (`without_redis`). Also counted: Redis commands per request, and the bundle
 * size from `wrangler deploy --dry-run`.
 *
 * The stack is the one `npm start` runs, each piece in its own process so the load generator
 * (autocannon, in this process) shares an event loop with none of them: Postgres (migrated, demo
 * seed + a day of programmes), origin, Neon WebSocket proxy, Upstash bridge, wrangler dev.
 * The last line printed is the JSON summary.
 *
 * Env: BENCH_DATABASE_URL, REDIS_SERVER (the redis-server binary), BENCH_EDGE_CONNECTIONS (10),
 *      BENCH_EDGE_SECONDS (10),
 *      BENCH_EDGE_WITHOUT_REDIS (1; 0 skips the second configuration).
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { seedDemoData } from "@seeyoo/dev-data/demo-seed";
import { loadOrCreateDevSecrets } from "@seeyoo/local-stack/dev-secrets";
import { startPrivateRedis } from "@seeyoo/local-stack/private-redis";
import { openDatabase } from "@seeyoo/origin/database";
import { Passwords } from "@seeyoo/origin/passwords";
import { provisionBenchDatabase } from "./support/bench-database.ts";
import { type BenchRun, runBench } from "./support/bench-run.ts";
import { type CpuSubject, cpuPerRequest, cpuSnapshot } from "./support/cpu-accounting.ts";
import { insertDemoProgrammes } from "./support/demo-programmes.ts";
import { type LoadResult, runLoad } from "./support/http-load.ts";
import { round } from "./support/percentiles.ts";
import { countRedisCommands } from "./support/redis-command-counter.ts";
import { spawnNeonProxy, spawnOrigin, spawnUpstashBridge, startEdge } from "./support/stack-processes.ts";
import { measureBundle } from "./support/wrangler-dev.ts";

const envInt = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONNECTIONS = envInt("BENCH_EDGE_CONNECTIONS", 10);
const SECONDS = envInt("BENCH_EDGE_SECONDS", 10);
const ALSO_WITHOUT_REDIS = process.env.BENCH_EDGE_WITHOUT_REDIS !== "0";
const WARMUP_SECONDS = 5;
const PROBE_REQUESTS = 50;
const RATIO_GOAL = 0.7;
const FAVORITES_P50_RATIO_GOAL = 1.5;
const WITHOUT_REDIS_RATIO_GOAL = 0.5;
const BUNDLE_GOAL_KB = 300;

const ROUTES = {
  trivial: "/healthz",
  epgNow: "/v1/epg/now",
  channels: "/v1/channels",
  favorites: "/v1/me/favorites",
} as const;
const say = (message: string) => console.log(`[edge-bench] ${message}`);

interface Backends {
  databaseUrl: string;
  originUrl: string;
  neonProxy: string;
  upstash: { url: string; token: string } | null;
  /** The bench's own redis-server (never the machine's shared one), when it could be started. */
  redisUrl: string | null;
  cloudfrontPrivateKeyPem: string;
  namespace: string;
  /** Processes whose CPU time is accounted per request (besides the edge's own). */
  cpuSubjects: Record<string, CpuSubject>;
  /** `Authorization` of a viewer with a few favourites (signed up at the origin). */
  viewerAuth: Record<string, string>;
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
  const redis = await startPrivateRedis().catch((error: unknown) => {
    say(`no redis-server to start (${String(error)}): measuring the edge without its Redis tier only`);
    return null;
  });
  if (redis) {
    run.onCleanup(() => redis.stop());
    if (redis.pid) cpuSubjects.redis = { pid: redis.pid };
    const bridge = await spawnUpstashBridge(run, redis.url);
    if (bridge.pid) cpuSubjects.bridge = { pid: bridge.pid };
    upstash = { url: bridge.url, token: bridge.token };
  }
  const proxy = await spawnNeonProxy(run, database.url);
  if (proxy.pid) cpuSubjects.neon_proxy = { pid: proxy.pid };
  const origin = await spawnOrigin(run, {
    DATABASE_URL: database.url,
    JWT_PRIVATE_KEYS: secrets.jwtPrivateKeysJson,
    CACHE_NAMESPACE: namespace,
    ...(upstash ? { UPSTASH_REDIS_REST_URL: upstash.url, UPSTASH_REDIS_REST_TOKEN: upstash.token } : {}),
  });
  const viewerAuth = await signUpViewer(origin.url, database.url);

  return {
    databaseUrl: database.url,
    originUrl: origin.url,
    neonProxy: proxy.hostPath,
    upstash,
    redisUrl: redis?.url ?? null,
    cloudfrontPrivateKeyPem: secrets.cloudfrontPrivateKeyPem,
    namespace,
    cpuSubjects,
    viewerAuth,
  };
}

/** A viewer with five favourite channels, signed up through the origin as the app does. */
async function signUpViewer(originUrl: string, databaseUrl: string): Promise<Record<string, string>> {
  const res = await fetch(`${originUrl}/v1/auth/register`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      email: `bench-${randomBytes(4).toString("hex")}@seeyoo.test`,
      password: "bench-viewer-pass",
      name: "Bench",
    }),
  });
  if (res.status !== 201) throw new Error(`viewer sign-up answered ${res.status}: ${await res.text()}`);
  const { accessToken, user } = (await res.json()) as { accessToken: string; user: { id: string } };
  const { pool } = openDatabase(databaseUrl, { max: 1 });
  try {
    await pool.query(
      `insert into favorites (user_id, channel_id, position)
       select $1, id, row_number() over (order by number) from channels where active order by number limit 5`,
      [user.id],
    );
  } finally {
    await pool.end();
  }
  return { authorization: `Bearer ${accessToken}` };
}

/** Requests until the route answers 200 from the wanted cache tier (or `tries` run out). */
async function warmRoute(
  url: string,
  wantedTier: string | null,
  headers: Record<string, string> = {},
  tries = 30,
): Promise<string | null> {
  let tier: string | null = null;
  for (let i = 0; i < tries; i++) {
    const res = await fetch(url, { headers });
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
  favorites: LoadResult;
  trivial_last: LoadResult;
  epg_now_not_modified: LoadResult;
  trivial_rps: number;
  epg_now_vs_trivial_ratio: number;
  channels_vs_trivial_ratio: number;
  favorites_vs_channels_p50_ratio: number;
  non_2xx: number;
  cache_tier_epg_now: string | null;
  cache_tier_channels: string | null;
  cache_tier_favorites: string | null;
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
  const edge = await startEdge(run, label, stateDir, {
    ...backends,
    upstash: withRedis ? backends.upstash : null,
  });
  try {
    say(`${label}: wrangler dev on ${edge.url}`);
    // Without Redis the versions come from Postgres (once a second per isolate), the bodies
    // still from the isolate's memory and the Cache API.
    const wantedTier = "memory";
    const cacheTierChannels = await warmRoute(`${edge.url}${ROUTES.channels}`, wantedTier);
    const cacheTierEpgNow = await warmRoute(`${edge.url}${ROUTES.epgNow}`, wantedTier);
    const cacheTierFavorites = await warmRoute(
      `${edge.url}${ROUTES.favorites}`,
      withRedis ? "redis" : "database",
      backends.viewerAuth,
    );
    const onAir = await assertGuideHasContent(edge.url);
    say(
      `${label}: caches warm (channels from ${cacheTierChannels}, epg/now from ${cacheTierEpgNow}, favourites from ${cacheTierFavorites}; ${onAir} channels on air)`,
    );

    let redisCommands: EdgeMeasurement["redis_commands_per_request"];
    if (withRedis && backends.redisUrl) {
      redisCommands = {};
      for (const [name, path] of Object.entries(ROUTES)) {
        const headers = path === ROUTES.favorites ? backends.viewerAuth : {};
        const counts = await countRedisCommands(backends.redisUrl ?? "", backends.namespace, async () => {
          for (let i = 0; i < PROBE_REQUESTS; i++)
            await (await fetch(`${edge.url}${path}`, { headers })).text();
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
      const auth = path === ROUTES.favorites ? backends.viewerAuth : {};
      const result = await runLoad({
        url: `${edge.url}${path}`,
        connections: CONNECTIONS,
        durationS,
        headers: { ...auth, ...(etag ? { "if-none-match": etag } : {}) },
        ...(etag ? { expectStatus: 304 } : {}),
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
    const favorites = await load(ROUTES.favorites);
    const trivialLast = await load(ROUTES.trivial);
    // Diagnostic, not a goal: the same lookups without sending the body (If-None-Match → 304).
    // A fixed ?at= keeps the ETag stable (without it, it changes with the minute).
    const atPath = `${ROUTES.epgNow}?at=${new Date(Math.floor(Date.now() / 1000) * 1000).toISOString()}`;
    await warmRoute(`${edge.url}${atPath}`, wantedTier);
    const epgEtag = (await fetch(`${edge.url}${atPath}`)).headers.get("etag") ?? "";
    const epgNotModified = await load(atPath, SECONDS, epgEtag);
    say(`${label}: CPU ms per request ${JSON.stringify(cpu)}`);
    const timed = { trivialFirst, epgNow, channels, favorites, trivialLast, epgNotModified };
    for (const [name, r] of Object.entries(timed)) {
      const statuses = JSON.stringify(r.statuses);
      say(`${label} ${name}: ${r.rps} req/s, p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, statuses ${statuses}`);
    }
    const non2xx = Object.values(timed).reduce((sum, r) => sum + r.failures, 0);
    const trivialRps = (trivialFirst.rps + trivialLast.rps) / 2;
    return {
      redis: withRedis,
      trivial_first: trivialFirst,
      epg_now: epgNow,
      channels,
      favorites,
      trivial_last: trivialLast,
      epg_now_not_modified: epgNotModified,
      trivial_rps: round(trivialRps, 1),
      epg_now_vs_trivial_ratio: round(epgNow.rps / trivialRps, 3),
      channels_vs_trivial_ratio: round(channels.rps / trivialRps, 3),
      favorites_vs_channels_p50_ratio: round(favorites.p50_ms / Math.max(channels.p50_ms, 0.001), 3),
      non_2xx: non2xx,
      cache_tier_epg_now: cacheTierEpgNow,
      cache_tier_channels: cacheTierChannels,
      cache_tier_favorites: cacheTierFavorites,
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
  const favoritesOk = primary.favorites_vs_channels_p50_ratio <= FAVORITES_P50_RATIO_GOAL;
  const non2xxOk = primary.non_2xx === 0 && (secondary?.non_2xx ?? 0) === 0;
  const withoutRedisOk = secondary ? secondary.epg_now_vs_trivial_ratio >= WITHOUT_REDIS_RATIO_GOAL : null;
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
  say(
    `goal favorites_vs_channels_p50_ratio <= ${FAVORITES_P50_RATIO_GOAL}: ${primary.favorites_vs_channels_p50_ratio} → ${verdict(favoritesOk)}`,
  );
  say(
    `goal non_2xx = 0: ${primary.non_2xx} (+ ${secondary?.non_2xx ?? 0} without Redis) → ${verdict(non2xxOk)}`,
  );
  if (secondary) {
    say(
      `goal without_redis.epg_now_vs_trivial_ratio >= ${WITHOUT_REDIS_RATIO_GOAL}: ${secondary.epg_now_vs_trivial_ratio} → ${verdict(withoutRedisOk === true)}`,
    );
  }

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
    favorites_rps: m.favorites.rps,
    favorites_p50_ms: m.favorites.p50_ms,
    favorites_p99_ms: m.favorites.p99_ms,
    epg_now_vs_trivial_ratio: m.epg_now_vs_trivial_ratio,
    channels_vs_trivial_ratio: m.channels_vs_trivial_ratio,
    favorites_vs_channels_p50_ratio: m.favorites_vs_channels_p50_ratio,
    non_2xx: m.non_2xx,
    cache_tier_epg_now: m.cache_tier_epg_now,
    cache_tier_channels: m.cache_tier_channels,
    cache_tier_favorites: m.cache_tier_favorites,
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
      favorites_p50_ratio_max: FAVORITES_P50_RATIO_GOAL,
      favorites_p50_ratio_met: favoritesOk,
      non_2xx_met: non2xxOk,
      without_redis_epg_now_ratio_min: WITHOUT_REDIS_RATIO_GOAL,
      without_redis_epg_now_ratio_met: withoutRedisOk,
    },
    ...(secondary ? { without_redis: brief(secondary) } : {}),
  };
}

await runBench(main);
