/**
 * `npm start` — the whole local stack in one command, bound to 127.0.0.1:
 *   Postgres (embedded from npm unless DATABASE_URL is set; data in .local/postgres, reused),
 *   migrations + demo seed, the origin, the Neon WebSocket proxy, the Upstash bridge (when a
 *   Redis is reachable), the local CDN with HLS test channels (encoded once with ffmpeg into
 *   .local/media) and a week of demo guide data, and the edge Worker under `wrangler dev` (fully offline).
 * Ctrl-C stops everything it started. Ports: EDGE_PORT, ORIGIN_PORT, EMBEDDED_PG_PORT,
 * NEON_PROXY_PORT, UPSTASH_BRIDGE_PORT, UPSTASH_STATE_BRIDGE_PORT, CDN_PORT; state folder:
 * SEEYOO_LOCAL_DIR (default .local/).
 */
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { DEMO_ACCOUNTS, seedDemoData } from "@seeyoo/dev-data/demo-seed";
import { openDatabase } from "@seeyoo/origin/database";
import { EDGE_DB_ROLE, setEdgeRolePassword } from "@seeyoo/origin/edge-role-password";
import { applyMigrations } from "@seeyoo/origin/migrations";
import { ORIGIN_NODE_FLAGS } from "@seeyoo/origin/node-flags";
import { Passwords } from "@seeyoo/origin/passwords";
import { readChannelCatalogue } from "./cdn/channel-catalogue.ts";
import { channelLogos } from "./cdn/channel-logo.ts";
import { startLocalCdn } from "./cdn/local-cdn.ts";
import { loadOrCreateDevSecrets } from "./dev-secrets.ts";
import { startEmbeddedPostgres } from "./embedded-postgres.ts";
import { postDevGuide } from "./guide/post-dev-guide.ts";
import { ensureTestMedia } from "./hls/ensure-test-media.ts";
import { startNeonWsProxy } from "./neon-ws-proxy.ts";
import { createProcessGroup } from "./process-group.ts";
import { isRedisReachable } from "./redis-reachable.ts";
import { startUpstashEndpoints } from "./upstash-endpoints.ts";
import { waitForHttp } from "./wait-for-http.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
// State (embedded Postgres data, dev keys, media cache, wrangler state); tests point it elsewhere.
const local = process.env.SEEYOO_LOCAL_DIR ?? `${root}.local`;
const port = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const ports = {
  edge: port("EDGE_PORT", 8787),
  origin: port("ORIGIN_PORT", 8788),
  cdn: port("CDN_PORT", 8790),
  postgres: port("EMBEDDED_PG_PORT", 5439),
  neonProxy: port("NEON_PROXY_PORT", 8791),
  bridge: port("UPSTASH_BRIDGE_PORT", 8079),
  stateBridge: port("UPSTASH_STATE_BRIDGE_PORT", 8078),
};
const say = (msg: string) => console.log(`[stack] ${msg}`);
const cdnBaseUrl = `http://127.0.0.1:${ports.cdn}`;
// Redis keys of this stack (caches, versions, limits); the e2e tests give each run its own.
const cacheNamespace = process.env.CACHE_NAMESPACE ?? "seeyoo-local";

const group = createProcessGroup();
group.installSignalHandlers();
mkdirSync(local, { recursive: true });

// 1. Postgres
let databaseUrl = process.env.DATABASE_URL;
if (databaseUrl) {
  say(`using DATABASE_URL (${new URL(databaseUrl).host})`);
} else {
  say(`starting embedded PostgreSQL on 127.0.0.1:${ports.postgres} (data in .local/postgres)`);
  const pg = await startEmbeddedPostgres({ dataDir: `${local}/postgres`, port: ports.postgres });
  if (pg.dataDir !== `${local}/postgres`) {
    say(`the postgres user cannot reach ${local}: the data is kept in ${pg.dataDir} instead`);
  }
  group.onShutdown(() => pg.stop());
  databaseUrl = pg.url;
}

// 2. Schema, the edge's role and demo data
const secrets = await loadOrCreateDevSecrets(local);
const edgeDbPassword = process.env.EDGE_DB_PASSWORD ?? secrets.edgeDbPassword;
{
  const { pool, db } = openDatabase(databaseUrl, { max: 2 });
  await applyMigrations(pool);
  // As the origin's migrate step does in production: the Worker logs in as seeyoo_edge.
  await setEdgeRolePassword(pool, edgeDbPassword);
  const seeded = await seedDemoData(db, new Passwords(Number(process.env.BCRYPT_COST ?? 10)), { cdnBaseUrl });
  say(seeded ? "seeded demo accounts and channels" : "database already has data; not seeding");
  await pool.end();
}

// 3. Redis (optional) and the Neon proxy
const redisUrl = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";
// Upstash env for the origin and the edge: caches (database 0) and state (database 1).
let upstashEnv: Record<string, string> = {};
if (await isRedisReachable(redisUrl, 1_000)) {
  const upstash = await startUpstashEndpoints({
    redisUrl,
    cachePort: ports.bridge,
    statePort: ports.stateBridge,
  });
  group.onShutdown(() => upstash.close());
  upstashEnv = upstash.env;
  say(`Upstash bridges on ${upstash.cache.url} (caches) and ${upstash.state.url} (state) → ${redisUrl}`);
} else {
  say(`no Redis at ${redisUrl}: the edge runs without its Redis tier (cache tier 2 and rate limits off)`);
}
const proxy = await startNeonWsProxy({ port: ports.neonProxy, databaseUrl });
group.onShutdown(() => proxy.close());

// 4. The origin
const originUrl = `http://127.0.0.1:${ports.origin}`;
// The origin trusts the viewer's address the edge forwards only with this secret (new each start).
const edgeOriginSecret = process.env.EDGE_ORIGIN_SECRET ?? randomBytes(32).toString("hex");
group.spawnManaged("origin", process.execPath, [...ORIGIN_NODE_FLAGS, `${root}origin/src/server.ts`], {
  env: {
    ...process.env,
    DATABASE_URL: databaseUrl,
    ORIGIN_PORT: String(ports.origin),
    HOST: "127.0.0.1",
    JWT_PRIVATE_KEYS: process.env.JWT_PRIVATE_KEYS ?? secrets.jwtPrivateKeysJson,
    BCRYPT_COST: process.env.BCRYPT_COST ?? "10",
    CACHE_NAMESPACE: cacheNamespace,
    EDGE_ORIGIN_SECRET: edgeOriginSecret,
    ...upstashEnv,
  },
  // A crash (a bug being worked on) restarts the origin instead of taking the whole stack down.
  restart: {},
});

// The web player: built into web/dist, which the edge serves as static assets (wrangler.toml [assets]).
say("building the web player into web/dist");
await new Promise<void>((built, failed) =>
  spawn(process.execPath, [`${root}web/scripts/build.ts`], { stdio: "inherit" }).on("exit", (code) =>
    code === 0 ? built() : failed(new Error(`the web player build failed (exit ${code})`)),
  ),
);

// 5. The edge, under wrangler dev (offline). Secrets go through an env file in .local/. The
// Worker reaches Postgres as the least-privilege role, as in production.
const edgeDatabaseUrl = new URL(databaseUrl);
edgeDatabaseUrl.username = EDGE_DB_ROLE;
edgeDatabaseUrl.password = edgeDbPassword;
const edgeEnv = {
  ORIGIN_URL: originUrl,
  DATABASE_URL: edgeDatabaseUrl.toString(),
  NEON_WS_PROXY: proxy.url.replace(/^ws:\/\//, ""),
  NEON_WS_SECURE: "false",
  CDN_BASE_URL: `http://127.0.0.1:${ports.cdn}`,
  CLOUDFRONT_PRIVATE_KEY: secrets.cloudfrontPrivateKeyPem,
  CACHE_NAMESPACE: cacheNamespace,
  EDGE_ORIGIN_SECRET: edgeOriginSecret,
  ...upstashEnv,
};
const envFile = `${local}/edge.env`;
writeFileSync(
  envFile,
  Object.entries(edgeEnv)
    .map(([k, v]) => `${k}="${v.replace(/\\/g, "\\\\").replace(/\n/g, "\\n").replace(/"/g, '\\"')}"`)
    .join("\n"),
  { mode: 0o600 },
);
await waitForHttp(`${originUrl}/readyz`, 30_000);

// 6. The local CDN (CloudFront's rules, key pair id as wrangler.toml's CLOUDFRONT_KEY_PAIR_ID), the
// first three channels' HLS loops (encoded once, in the background while the edge starts; kept in
// .local/media, or SEEYOO_MEDIA_DIR) and a week of guide data posted through the ingestion API.
const catalogue = await readChannelCatalogue(databaseUrl);
const mediaDir = process.env.SEEYOO_MEDIA_DIR ?? `${local}/media`;
const cdn = await startLocalCdn({
  port: ports.cdn,
  host: "127.0.0.1",
  mediaDir,
  publicKeyPem: secrets.cloudfrontPublicKeyPem,
  keyPairId: "KLOCALDEVKEY",
  baseUrl: cdnBaseUrl,
  logos: channelLogos(catalogue),
  // Each channel's archive reaches back as far as its catch-up right (the CDN never goes below 24 h,
  // so restart works on any channel); read at start, like MediaPackage's per-channel configuration.
  startoverHours: new Map(catalogue.map((channel) => [channel.hlsPath, channel.catchupHours])),
  // The web player is served by the edge; both spellings of its loopback address.
  allowedOrigins: [`http://127.0.0.1:${ports.edge}`, `http://localhost:${ports.edge}`],
  onDenied: (path, reason) => say(`cdn: 403 ${path}: ${reason}`),
});
group.onShutdown(() => cdn.close());
const encoding = new AbortController();
group.onShutdown(() => encoding.abort());
const media = ensureTestMedia({
  mediaDir,
  channels: catalogue.slice(0, 3),
  log: (msg) => say(`media: ${msg}`),
  signal: encoding.signal,
}).then(
  (result) => {
    if (!result.available) say(`WARNING: no HLS test channels: ${result.problem}. Everything else runs.`);
    return result.available;
  },
  (error: unknown) => {
    if (!encoding.signal.aborted) say(`WARNING: encoding the HLS test channels failed: ${String(error)}`);
    return false;
  },
);
await postDevGuide({
  originUrl,
  keyFile: `${local}/dev-provider-key`,
  admin: DEMO_ACCOUNTS[0],
  channels: catalogue,
  log: (msg) => say(`guide: ${msg}`),
});
group.spawnManaged(
  "edge",
  process.execPath,
  [
    `${root}node_modules/wrangler/bin/wrangler.js`,
    "dev",
    "--config",
    `${root}wrangler.toml`,
    "--ip",
    "127.0.0.1",
    "--port",
    String(ports.edge),
    "--env-file",
    envFile,
    "--persist-to",
    `${local}/wrangler-state`,
    "--show-interactive-dev-session=false",
  ],
  {
    env: {
      ...process.env,
      WRANGLER_SEND_METRICS: "false",
      CLOUDFLARE_CF_FETCH_ENABLED: "false",
      XDG_CONFIG_HOME: `${local}/xdg`,
    },
  },
);
const edgeUrl = `http://127.0.0.1:${ports.edge}`;
await waitForHttp(`${edgeUrl}/healthz`, 60_000);
const testChannels = (await media)
  ? `test channels: ${catalogue
      .slice(0, 3)
      .map((c) => c.name)
      .join(", ")}`
  : "no test channels (see the warning above)";

console.log(`
  SEEYOO is running.

    Web player          ${edgeUrl}/
    API (edge Worker)   ${edgeUrl}        e.g. ${edgeUrl}/v1/channels
    API reference       ${edgeUrl}/docs
    Origin              ${originUrl}      (${originUrl}/metrics, /readyz)
    CDN (HLS, logos)    ${cdn.url}      ${testChannels}

  Demo accounts:
${DEMO_ACCOUNTS.map((a) => `    ${a.email.padEnd(22)} ${a.password.padEnd(18)} (${a.role})`).join("\n")}

  Ctrl-C stops everything.
`);
