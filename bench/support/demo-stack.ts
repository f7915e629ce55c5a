/**
 * The local stack with the demo data, every piece a process of the run's own: an embedded
 * Postgres (migrated, demo seed: 20 channels and the two demo accounts; an edge role of its own),
 * a redis-server on a free port with its Upstash bridge, the origin (supervised), a provider key,
 * and — on request — the Neon proxy and the Worker under `wrangler dev`. Shared by `bench:load` and
 * the fault suite (faults/), which also kills and restarts the pieces.
 */
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { DEMO_ACCOUNTS, seedDemoData } from "@seeyoo/dev-data/demo-seed";
import { readChannelCatalogue } from "@seeyoo/local-stack/cdn/channel-catalogue";
import { loadOrCreateDevSecrets } from "@seeyoo/local-stack/dev-secrets";
import { GuideOperator } from "@seeyoo/local-stack/guide/guide-operator";
import { xmltvWeek } from "@seeyoo/local-stack/guide/xmltv-week";
import { type PrivateRedis, startPrivateRedis } from "@seeyoo/local-stack/private-redis";
import { openDatabase } from "@seeyoo/origin/database";
import { Passwords } from "@seeyoo/origin/passwords";
import pg from "pg";
import type { BenchRun } from "./bench-run.ts";
import { type EmbeddedDatabase, startEmbeddedDatabase } from "./embedded-database.ts";
import {
  type EdgeProcess,
  type OriginProcess,
  spawnNeonProxy,
  spawnOrigin,
  spawnUpstashBridge,
  startEdge,
  type UpstashEndpoint,
} from "./stack-processes.ts";

export interface Viewer {
  id: string;
  token: string;
}

export interface DemoStack {
  database: EmbeddedDatabase;
  redis: PrivateRedis;
  bridge: UpstashEndpoint;
  origin: OriginProcess;
  namespace: string;
  providerKey: string;
  /** Active channel ids by number. */
  channelIds: string[];
  /** One statement against the database as its superuser. */
  sql<T extends pg.QueryResultRow = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /** Posts XMLTV as the provider. */
  postXmltv(body: BodyInit): Promise<Response>;
  /** Assigns channels created later (by slug) to the stack's provider, as an operator would. */
  assignChannels(slugs: string[]): Promise<void>;
  /** Posts a week of guide for the active channels (through the ingest API). */
  postWeek(): Promise<void>;
  /** Signs viewers up through the origin, each with a few favourites. */
  signUpViewers(count: number): Promise<Viewer[]>;
  /** The Worker under `wrangler dev` on this stack (its own Neon proxy, the edge role). */
  startEdge(name: string): Promise<EdgeProcess>;
}

export async function startDemoStack(
  run: BenchRun,
  stateDir: string,
  options: { statements?: boolean; originEnv?: Record<string, string>; namespace: string },
): Promise<DemoStack> {
  const database = await startEmbeddedDatabase(run, stateDir, { statements: options.statements });
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
  const secrets = await loadOrCreateDevSecrets(join(stateDir, "secrets"));
  const namespace = `${options.namespace}-${randomBytes(4).toString("hex")}`;
  const origin = await spawnOrigin(run, {
    DATABASE_URL: database.adminUrl,
    JWT_PRIVATE_KEYS: secrets.jwtPrivateKeysJson,
    CACHE_NAMESPACE: namespace,
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: bridge.token,
    ...options.originEnv,
  });
  // As an operator would: the demo provider, with every channel assigned to it under its slug.
  const operator = await GuideOperator.signIn(origin.url, DEMO_ACCOUNTS[0]);
  const provider = await operator.createProvider();
  const slugs = (await sql<{ slug: string }>("select slug from channels")).map((r) => r.slug);
  await operator.assignChannels(provider.id, slugs);
  const providerKey = provider.apiKey;
  const channelIds = (await sql<{ id: string }>("select id from channels where active order by number")).map(
    (r) => r.id,
  );
  const postXmltv = (body: BodyInit) =>
    fetch(`${origin.url}/v1/ingest/xmltv`, {
      method: "POST",
      headers: { "content-type": "application/xml", authorization: `Bearer ${providerKey}` },
      body,
      duplex: "half",
    } as RequestInit);

  return {
    database,
    redis,
    bridge,
    origin,
    namespace,
    providerKey,
    channelIds,
    sql,
    postXmltv,
    async assignChannels(newSlugs) {
      const outcome = await operator.assignChannels(provider.id, newSlugs);
      if (outcome.assigned !== newSlugs.length)
        throw new Error(`assigned ${outcome.assigned} of ${newSlugs.length}`);
    },
    async postWeek() {
      const res = await postXmltv(xmltvWeek(await readChannelCatalogue(database.adminUrl), new Date()));
      if (!res.ok) throw new Error(`the week's guide was refused: ${res.status} ${await res.text()}`);
    },
    async signUpViewers(count) {
      const viewers: Viewer[] = [];
      for (let i = 0; i < count; i++) {
        const res = await fetch(`${origin.url}/v1/auth/register`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({
            email: `viewer-${i}-${randomBytes(3).toString("hex")}@seeyoo.test`,
            password: "demo-viewer-pass",
            name: `Viewer ${i}`,
          }),
        });
        if (res.status !== 201) throw new Error(`sign-up answered ${res.status}: ${await res.text()}`);
        const { accessToken, user } = (await res.json()) as { accessToken: string; user: { id: string } };
        await sql(
          `insert into favorites (user_id, channel_id, position)
           select $1, id, number from channels where active order by number offset $2 limit $3`,
          [user.id, i % channelIds.length, 3 + (i % 4)],
        );
        viewers.push({ id: user.id, token: accessToken });
      }
      return viewers;
    },
    async startEdge(name) {
      const proxy = await spawnNeonProxy(run, database.edgeUrl);
      return startEdge(run, name, join(stateDir, name), {
        originUrl: origin.url,
        databaseUrl: database.edgeUrl,
        neonProxy: proxy.hostPath,
        cloudfrontPrivateKeyPem: secrets.cloudfrontPrivateKeyPem,
        namespace,
        upstash: bridge,
      });
    },
  };
}
