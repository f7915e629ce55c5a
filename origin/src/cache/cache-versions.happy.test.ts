/**
 * Cache versions live in Postgres and move with the writes they describe (the migration's
 * triggers); the origin mirrors them into Redis after a commit, never backwards; every database
 * has its own epoch. Real Postgres, real Redis through the Upstash bridge.
 */
import { randomBytes } from "node:crypto";
import { startUpstashBridge, type UpstashBridge } from "@seeyoo/local-stack/upstash-bridge";
import { cacheKeys } from "@seeyoo/schema/cache-keys";
import {
  READ_VERSIONS_SQL,
  storedVersionsOf,
  VERSION_MIRROR_TTL_SECONDS,
} from "@seeyoo/schema/cache-versions";
import { Redis } from "@upstash/redis";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../test/accounts.ts";
import { createTestDatabase, startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let bridge: UpstashBridge;
let origin: TestOrigin;
let redis: Redis;
let adminToken: string;
const namespace = `versions-test-${randomBytes(4).toString("hex")}`;

beforeAll(async () => {
  bridge = await startUpstashBridge({ token: randomBytes(16).toString("hex") });
  origin = await startTestOrigin({
    UPSTASH_REDIS_REST_URL: bridge.url,
    UPSTASH_REDIS_REST_TOKEN: bridge.token,
    CACHE_NAMESPACE: namespace,
  });
  redis = new Redis({ url: bridge.url, token: bridge.token, automaticDeserialization: false });
  adminToken = (await signUp(origin, { role: "admin" })).accessToken;
});
afterAll(async () => {
  await origin.close();
  await bridge.close();
});

const query = (text: string, params: unknown[] = []) => origin.services.pool.query(text, params);
async function stored(scopes: string[], pool: { query: typeof query } = { query }) {
  const { rows } = await pool.query(READ_VERSIONS_SQL, [scopes]);
  return storedVersionsOf(rows[0], scopes);
}
const version = async (scope: string) => (await stored([scope])).versions[scope] ?? 0;
const keys = async () => cacheKeys(namespace).of((await stored([])).epoch);

async function newChannel(): Promise<string> {
  const tag = randomBytes(4).toString("hex");
  const res = await origin.request("POST", "/v1/admin/channels", {
    token: adminToken,
    body: {
      slug: `v-${tag}`,
      number: 1 + Math.floor(Math.random() * 90_000),
      name: tag,
      hlsPath: `/live/${tag}`,
    },
  });
  expect(res.status).toBe(201);
  return ((await res.json()) as { id: string }).id;
}

describe("versions in Postgres", () => {
  it("move once per transaction that changes the data, and not at all when it rolls back", async () => {
    const before = await version("catalog");
    const client = await origin.services.pool.connect();
    try {
      await client.query("begin");
      await client.query("update channels set name = name");
      await client.query("update channels set name = name");
      await client.query("commit");
      expect(await version("catalog")).toBe(before + 1);
      await client.query("begin");
      await client.query("update channels set name = name");
      await client.query("rollback");
      expect(await version("catalog")).toBe(before + 1);
    } finally {
      client.release();
    }
  });

  it("programmes bump exactly their channels and the cross-channel guide", async () => {
    const [a, b] = [await newChannel(), await newChannel()];
    const [epg, va, vb] = [await version("epg"), await version(`ch:${a}`), await version(`ch:${b}`)];
    await query(
      "insert into epg_programs (channel_id, start_time, end_time, title) values ($1, now(), now() + interval '1 hour', 't')",
      [a],
    );
    expect([await version("epg"), await version(`ch:${a}`), await version(`ch:${b}`)]).toEqual([
      epg + 1,
      va + 1,
      vb,
    ]);
    await query("delete from channels where id = $1", [a]); // cascades to its programmes
    expect(await version(`ch:${a}`)).toBe(va + 2);
  });

  it("a user's favourites and account bump their own version; deleting the user removes it", async () => {
    const user = (await signUp(origin)).user;
    const channel = await newChannel();
    const userVersion = async () =>
      Number(
        (await query("select version from user_cache_versions where user_id = $1", [user.id])).rows[0]
          ?.version ?? 0,
      );
    await query("insert into favorites (user_id, channel_id, position) values ($1, $2, 0)", [
      user.id,
      channel,
    ]);
    expect(await userVersion()).toBe(1);
    await query("update users set name = 'Renamed' where id = $1", [user.id]);
    expect(await userVersion()).toBe(2);
    await query("delete from users where id = $1", [user.id]);
    expect((await query("select 1 from user_cache_versions where user_id = $1", [user.id])).rowCount).toBe(0);
  });
});

describe("mirrors in Redis", () => {
  it("after a channel change the mirror holds Postgres's version, with the mirror TTL", async () => {
    await newChannel(); // the admin API commits, then mirrors
    const k = await keys();
    expect(Number(await redis.get(k.version.catalog))).toBe(await version("catalog"));
    const ttl = await redis.ttl(k.version.catalog);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(VERSION_MIRROR_TTL_SECONDS);
  });

  it("never moves a mirror backwards (a slower writer cannot undo a newer bump)", async () => {
    const k = await keys();
    const ahead = (await version("catalog")) + 5;
    await redis.set(k.version.catalog, String(ahead), { ex: 60 });
    expect(await origin.services.cache.bumpCatalog()).toBe(true);
    expect(Number(await redis.get(k.version.catalog))).toBe(ahead);
  });

  it("forgetUser drops the user's per-user entries at the edge", async () => {
    const k = await keys();
    const userId = crypto.randomUUID();
    await redis.set(k.user.favorites(userId), '1:1:"e":{}', { ex: 60 });
    await redis.set(k.user.account(userId), '1:1:"e":{}', { ex: 60 });
    expect(await origin.services.cache.forgetUser(userId)).toBe(true);
    expect(await redis.exists(k.user.favorites(userId), k.user.account(userId))).toBe(0);
  });
});

describe("epochs", () => {
  it("differ between databases, even two copies of one template", async () => {
    const others = [await createTestDatabase(), await createTestDatabase()];
    const epochs = [(await stored([])).epoch];
    for (const url of others) {
      const client = new pg.Client({ connectionString: url });
      await client.connect();
      try {
        epochs.push((await stored([], client)).epoch);
      } finally {
        await client.end();
      }
    }
    expect(new Set(epochs).size).toBe(3);
  });
});
