/**
 * The cache tiers seen from outside: versioned invalidation, versions anchored in Postgres (a
 * flushed Redis, another database on the same Redis), Redis down, Postgres down.
 * edgeFetchWith waits for the Worker's background cache fills, so every step is deterministic.
 */
import { versionScope } from "@seeyoo/schema/cache-versions";
import { describe, expect, it } from "vitest";
import {
  context,
  createChannel,
  createProgrammes,
  edgeFetchWith,
  keysOf,
  mirrorVersions,
  POSTGRES_DOWN,
  redisCommand,
  signUp,
  sql,
} from "../../test/worker-harness.ts";

const REDIS_DOWN = { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1" };
// The database unreachable: its WebSocket proxy does not answer (same database, same URL).
const PRIVATE_REDIS = {
  UPSTASH_REDIS_REST_URL: context.privateRedis.url,
  UPSTASH_REDIS_REST_TOKEN: context.privateRedis.token,
};
const OTHER_DATABASE = { DATABASE_URL: context.otherEdgeDatabaseUrl };

type List = { channels: { id: string; name: string }[] };
const nameOf = (body: List, id: string) => body.channels.find((c) => c.id === id)?.name;
const idsOf = (body: List) => body.channels.map((c) => c.id);
const yesterday = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);

describe("invalidation by version", () => {
  it("serves the cached channel list until the new catalog version is mirrored, then fresh data", async () => {
    const id = await createChannel({ name: "Before" });
    const first = await edgeFetchWith({}, "/v1/channels");
    expect(nameOf(first.json(), id)).toBe("Before");

    // Postgres bumps the catalog version in this transaction; the mirror in Redis still says the old one.
    await sql("update channels set name = 'After' where id = $1", [id]);
    const cached = await edgeFetchWith({}, "/v1/channels");
    expect(cached.headers.get("x-seeyoo-cache")).toMatch(/memory|edge|redis/);
    expect(nameOf(cached.json(), id)).toBe("Before");

    await mirrorVersions([versionScope.catalog]);
    const fresh = await edgeFetchWith({}, "/v1/channels");
    expect(fresh.headers.get("x-seeyoo-cache")).toBe("database");
    expect(nameOf(fresh.json(), id)).toBe("After");
    expect(fresh.headers.get("etag")).not.toBe(first.headers.get("etag"));
  });

  it("a channel's new version refreshes exactly that channel's schedule", async () => {
    const a = await createChannel();
    const b = await createChannel();
    const window = `from=${yesterday}T00:00:00Z&to=${yesterday}T23:59:00Z`;
    const slot = { start: `${yesterday}T10:00:00Z`, end: `${yesterday}T11:00:00Z` };
    await createProgrammes(a, [{ ...slot, title: "A-old" }]);
    await createProgrammes(b, [{ ...slot, title: "B-old" }]);
    const titles = async (ch: string) =>
      (await edgeFetchWith({}, `/v1/channels/${ch}/epg?${window}`))
        .json()
        .programmes.map((p: { title: string }) => p.title);
    expect(await titles(a)).toEqual(["A-old"]);
    expect(await titles(b)).toEqual(["B-old"]);

    await sql("update epg_programs set title = title || '-new' where channel_id in ($1, $2)", [a, b]);
    await mirrorVersions([versionScope.channel(a)]);
    expect(await titles(a)).toEqual(["A-old-new"]);
    expect(await titles(b)).toEqual(["B-old"]); // still cached: its mirrored version did not change
  });
});

describe("versions anchored in Postgres", () => {
  it("reads a missing version from Postgres (never assumes one) and mirrors it again", async () => {
    const id = await createChannel({ name: "Anchored" });
    expect(nameOf((await edgeFetchWith({}, "/v1/channels")).json(), id)).toBe("Anchored");
    await sql("update channels set name = 'Anchored again' where id = $1", [id]);
    const keys = await keysOf();
    // The mirror expired (or was evicted): nothing in Redis says which version is current.
    await redisCommand(["DEL", keys.version.catalog]);

    const res = await edgeFetchWith({}, "/v1/channels");
    expect(nameOf(res.json(), id)).toBe("Anchored again");
    const [row] = await sql<{ version: string }>(
      "select version from cache_versions where scope = 'catalog'",
    );
    expect(Number(await redisCommand(["GET", keys.version.catalog]))).toBe(Number(row?.version));
    expect(Number(await redisCommand(["TTL", keys.version.catalog]))).toBeGreaterThan(0);
  });

  it("after Redis is flushed, serves the current data: a deleted channel 404, an existing one 200", async () => {
    const kept = await createChannel({ name: "Kept" });
    const dropped = await createChannel({ name: "Dropped" });
    const list = async () => idsOf((await edgeFetchWith(PRIVATE_REDIS, "/v1/channels")).json());
    expect(await list()).toEqual(expect.arrayContaining([kept, dropped]));

    await sql("delete from channels where id = $1", [dropped]);
    await mirrorVersions([versionScope.catalog], { bridge: context.privateRedis });
    expect(await list()).not.toContain(dropped);

    await redisCommand(["FLUSHALL"], context.privateRedis); // our own redis-server, never the shared one
    expect(await list()).toContain(kept);
    expect(await list()).not.toContain(dropped);
    expect((await edgeFetchWith(PRIVATE_REDIS, `/v1/channels/${dropped}`)).status).toBe(404);
    expect((await edgeFetchWith(PRIVATE_REDIS, `/v1/channels/${kept}`)).status).toBe(200);
  });

  it("a new database on the same Redis and namespace sees only its own channels", async () => {
    const mine = await createChannel({ name: "Main stack" });
    expect(idsOf((await edgeFetchWith({}, "/v1/channels")).json())).toContain(mine);

    const [other] = await sql<{ id: string }>(
      `insert into channels (slug, number, name, hls_path) values ($1, 7, 'Other stack', '/live/other')
       returning id`,
      [`other-${crypto.randomUUID()}`],
      context.otherDatabaseUrl,
    );
    const fromOther = idsOf((await edgeFetchWith(OTHER_DATABASE, "/v1/channels")).json());
    expect(fromOther).toEqual([other?.id]);
    expect(idsOf((await edgeFetchWith({}, "/v1/channels")).json())).not.toContain(other?.id);
    expect((await keysOf(context.otherDatabaseUrl)).prefix).not.toBe((await keysOf()).prefix);
  });

  it("two databases on one Redis namespace never see each other's last good copies", async () => {
    const mine = await createChannel({ name: "Main last good" });
    const [theirs] = await sql<{ id: string }>(
      `insert into channels (slug, number, name, hls_path) values ($1, 8, 'Other last good', '/live/o2')
       returning id`,
      [`other-${crypto.randomUUID()}`],
      context.otherDatabaseUrl,
    );
    await mirrorVersions([versionScope.catalog], { databaseUrl: context.otherDatabaseUrl });
    const names = (res: { json(): List }) => res.json().channels.map((c) => c.name);
    const isMine = (name: string) => name.startsWith("Main last good");
    const isTheirs = (name: string) => name.startsWith("Other last good");
    expect(names(await edgeFetchWith({}, "/v1/channels")).some(isMine), "main before").toBe(true);
    expect(names(await edgeFetchWith(OTHER_DATABASE, "/v1/channels")).some(isTheirs), "other before").toBe(
      true,
    );
    // Newer versions in both, so only the last good copies can answer while Postgres is down.
    await sql("update channels set name = name || ' (renamed)' where id = $1", [mine]);
    await sql(
      "update channels set name = name || ' (renamed)' where id = $1",
      [theirs?.id],
      context.otherDatabaseUrl,
    );
    await mirrorVersions([versionScope.catalog]);
    await mirrorVersions([versionScope.catalog], { databaseUrl: context.otherDatabaseUrl });

    const main = await edgeFetchWith(POSTGRES_DOWN, "/v1/channels");
    const other = await edgeFetchWith({ ...OTHER_DATABASE, ...POSTGRES_DOWN }, "/v1/channels");
    // (Another test file may rebuild the main database's list first; the other database is ours.)
    expect([main.status, other.status]).toEqual([200, 200]);
    expect(other.headers.get("x-seeyoo-cache")).toBe("stale");
    expect(names(main).some(isMine), "main").toBe(true);
    expect(names(main).some(isTheirs), "main has theirs").toBe(false);
    expect(names(other).some(isTheirs), "other").toBe(true);
    expect(names(other).some(isMine), "other has mine").toBe(false);
  });
});

describe("versions remembered per isolate (VERSION_CACHE_MS, default 1 s)", () => {
  it("shows a change no later than the remembered period", async () => {
    const withDefault = { VERSION_CACHE_MS: "1000" };
    const id = await createChannel({ name: "Remembered" });
    expect(nameOf((await edgeFetchWith(withDefault, "/v1/channels")).json(), id)).toBe("Remembered");

    await sql("update channels set name = 'Renamed' where id = $1", [id]);
    await mirrorVersions([versionScope.catalog]);
    await new Promise((r) => setTimeout(r, 1_100)); // the remembered versions expire
    expect(nameOf((await edgeFetchWith(withDefault, "/v1/channels")).json(), id)).toBe("Renamed");
  });
});

describe("Redis unreachable", () => {
  it("answers channels, EPG and favourites, with versions from Postgres", async () => {
    const id = await createChannel({ name: "No Redis" });
    const channels = await edgeFetchWith(REDIS_DOWN, "/v1/channels");
    expect(channels.status).toBe(200);
    expect(nameOf(channels.json(), id)).toBe("No Redis");
    expect((await edgeFetchWith(REDIS_DOWN, "/v1/epg/now")).status).toBe(200);
    const { accessToken } = await signUp();
    expect((await edgeFetchWith(REDIS_DOWN, "/v1/me/favorites", { token: accessToken })).status).toBe(200);
  });
});

describe("Postgres unreachable", () => {
  it("serves channels and EPG from the last good copy (stale-if-error)", async () => {
    const id = await createChannel({ name: "Survivor" });
    const at = `${yesterday}T12:00:00.000Z`;
    expect((await edgeFetchWith({}, "/v1/channels")).status).toBe(200);
    expect((await edgeFetchWith({}, `/v1/epg/now?at=${at}`)).status).toBe(200);
    // A newer version exists, so the versioned copies miss and Postgres would be needed.
    await sql("update channels set name = name where id = $1", [id]);
    await sql("delete from epg_programs where channel_id = $1", [id]);
    await sql(
      "insert into epg_programs (channel_id, start_time, end_time, title) values ($1, now(), now() + interval '1 hour', 'x')",
      [id],
    );
    await mirrorVersions([versionScope.catalog, versionScope.epg, versionScope.channel(id)]);

    const channels = await edgeFetchWith(POSTGRES_DOWN, "/v1/channels");
    expect(channels.status).toBe(200);
    expect(channels.headers.get("x-seeyoo-cache")).toBe("stale");
    expect(nameOf(channels.json(), id)).toBe("Survivor");
    const now = await edgeFetchWith(POSTGRES_DOWN, `/v1/epg/now?at=${at}`);
    expect(now.status).toBe(200);
    expect(now.json().at).toBe(at);

    // With Redis down as well, this location's Cache API still has the last good copy.
    const both = await edgeFetchWith({ ...POSTGRES_DOWN, ...REDIS_DOWN }, "/v1/channels");
    expect(both.status).toBe(200);
    expect(nameOf(both.json(), id)).toBe("Survivor");
  });

  it("answers favourites never read before with 503 problem+json and Retry-After", async () => {
    const { accessToken } = await signUp();
    const res = await edgeFetchWith(POSTGRES_DOWN, "/v1/me/favorites", { token: accessToken });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("answers 503, not 500, for public data never cached before", async () => {
    const unread = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const res = await edgeFetchWith(POSTGRES_DOWN, `/v1/epg/now?at=${unread}`);
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
