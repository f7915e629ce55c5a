/**
 * The stack a fault test breaks, every piece a real process the test starts itself (with the
 * benchmarks' helpers, bench/support): an embedded Postgres of its own (killable), a redis-server
 * of its own on a free port with its Upstash bridge (killable, flushable), the Neon proxy, the
 * origin (supervised: restarted after a crash, as `npm start` and Kubernetes do) and — when asked —
 * the Worker under `wrangler dev`. Demo seed: 20 channels, two demo accounts; a week of guide is
 * posted through the ingest API as a provider would. Never the machine's shared Postgres or Redis.
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEMO_ACCOUNTS, seedDemoData } from "@seeyoo/dev-data/demo-seed";
import { openDatabase } from "@seeyoo/origin/database";
import { Passwords } from "@seeyoo/origin/passwords";
import pg from "pg";
import { type BenchRun, startBenchRun } from "../../bench/support/bench-run.ts";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "../../bench/support/embedded-database.ts";
import {
  type EdgeProcess,
  type OriginProcess,
  spawnNeonProxy,
  spawnOrigin,
  spawnUpstashBridge,
  startEdge,
  type UpstashEndpoint,
} from "../../bench/support/stack-processes.ts";
import { readChannelCatalogue } from "../../tools/local-stack/src/cdn/channel-catalogue.ts";
import { loadOrCreateDevSecrets } from "../../tools/local-stack/src/dev-secrets.ts";
import { createDevProvider } from "../../tools/local-stack/src/guide/dev-provider-key.ts";
import { xmltvWeek } from "../../tools/local-stack/src/guide/xmltv-week.ts";
import { type PrivateRedis, startPrivateRedis } from "../../tools/local-stack/src/private-redis.ts";

export interface Viewer {
  id: string;
  token: string;
}

export interface FaultStack {
  run: BenchRun;
  database: EmbeddedDatabase;
  redis: PrivateRedis;
  bridge: UpstashEndpoint;
  origin: OriginProcess;
  edge: EdgeProcess | null;
  namespace: string;
  providerKey: string;
  adminToken: string;
  /** Active channel ids by number. */
  channelIds: string[];
  viewers: Viewer[];
  /** One statement against the database as its superuser. */
  sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  close(): Promise<void>;
}

export interface FaultStackOptions {
  /** Start the Worker too (the origin-only faults do not need it). */
  edge?: boolean;
  /** Post a week of guide for the demo channels. */
  guide?: boolean;
  viewers?: number;
  originEnv?: Record<string, string>;
}

async function json<T>(res: Response, what: string): Promise<T> {
  const text = await res.text();
  if (!res.ok) throw new Error(`${what} answered ${res.status}: ${text.slice(0, 300)}`);
  return JSON.parse(text) as T;
}

export async function startFaultStack(options: FaultStackOptions = {}): Promise<FaultStack> {
  const run = startBenchRun({ signals: false });
  const stateDir = mkdtempSync(join(tmpdir(), "seeyoo-faults-"));
  run.onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));
  try {
    const database = await startEmbeddedDatabase(run, stateDir);
    const sql = async <T extends pg.QueryResultRow>(text: string, params: unknown[] = []) => {
      const client = new pg.Client({ connectionString: database.adminUrl, connectionTimeoutMillis: 5_000 });
      await client.connect();
      try {
        return (await client.query<T>(text, params)).rows;
      } finally {
        await client.end();
      }
    };
    {
      const { pool, db } = openDatabase(database.adminUrl, { max: 1 });
      await seedDemoData(db, new Passwords(4));
      await pool.end();
    }
    const redis = await startPrivateRedis();
    run.onCleanup(() => redis.stop());
    const bridge = await spawnUpstashBridge(run, redis.url);
    const upstash = { UPSTASH_REDIS_REST_URL: bridge.url, UPSTASH_REDIS_REST_TOKEN: bridge.token };
    const secrets = await loadOrCreateDevSecrets(join(stateDir, "secrets"));
    const namespace = `seeyoo-faults-${randomBytes(4).toString("hex")}`;
    const origin = await spawnOrigin(run, {
      DATABASE_URL: database.adminUrl,
      JWT_PRIVATE_KEYS: secrets.jwtPrivateKeysJson,
      CACHE_NAMESPACE: namespace,
      ...upstash,
      ...options.originEnv,
    });
    const admin = DEMO_ACCOUNTS[0];
    const { accessToken: adminToken } = await json<{ accessToken: string }>(
      await fetch(`${origin.url}/v1/auth/login`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ email: admin.email, password: admin.password }),
      }),
      "admin sign-in",
    );
    const providerKey = await createDevProvider(origin.url, admin);
    if (options.guide) {
      await json(
        await fetch(`${origin.url}/v1/ingest/xmltv`, {
          method: "POST",
          headers: { "content-type": "application/xml", authorization: `Bearer ${providerKey}` },
          body: xmltvWeek(await readChannelCatalogue(database.adminUrl), new Date()),
        }),
        "posting the week's guide",
      );
    }
    const channelIds = (
      await sql<{ id: string }>("select id from channels where active order by number")
    ).map((r) => r.id);
    const viewers: Viewer[] = [];
    for (let i = 0; i < (options.viewers ?? 0); i++) {
      const auth = await json<{ accessToken: string; user: { id: string } }>(
        await fetch(`${origin.url}/v1/auth/register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            email: `fault-${i}-${randomBytes(3).toString("hex")}@seeyoo.test`,
            password: "fault-viewer-pass",
            name: `Viewer ${i}`,
          }),
        }),
        "viewer sign-up",
      );
      await sql(
        `insert into favorites (user_id, channel_id, position)
         select $1, id, number from channels where active order by number offset $2 limit 4`,
        [auth.user.id, i],
      );
      viewers.push({ id: auth.user.id, token: auth.accessToken });
    }
    const proxy = options.edge ? await spawnNeonProxy(run, database.edgeUrl) : null;
    const edge = proxy
      ? await startEdge(run, "edge", join(stateDir, "edge"), {
          ORIGIN_URL: origin.url,
          DATABASE_URL: database.edgeUrl,
          NEON_WS_PROXY: proxy.hostPath,
          NEON_WS_SECURE: "false",
          CDN_BASE_URL: "http://127.0.0.1:9",
          CLOUDFRONT_PRIVATE_KEY: secrets.cloudfrontPrivateKeyPem,
          CACHE_NAMESPACE: namespace,
          ...upstash,
        })
      : null;
    return {
      run,
      database,
      redis,
      bridge,
      origin,
      edge,
      namespace,
      providerKey,
      adminToken,
      channelIds,
      viewers,
      sql,
      close: () => run.finish(),
    };
  } catch (error) {
    await run.finish();
    throw error;
  }
}

/** Polls `check` every 100 ms until it holds; resolves with the milliseconds it took. */
export async function timeUntil(check: () => Promise<boolean>, timeoutMs = 60_000): Promise<number> {
  const started = performance.now();
  while (!(await check().catch(() => false))) {
    if (performance.now() - started > timeoutMs) throw new Error(`not recovered within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return Math.round(performance.now() - started);
}
