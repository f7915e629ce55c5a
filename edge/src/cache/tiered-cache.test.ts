/**
 * The cache tiers seen from outside: versioned invalidation, Redis down, Postgres down.
 * edgeFetchWith waits for the Worker's background cache fills, so every step is deterministic.
 */
import { describe, expect, it } from "vitest";
import {
  bumpVersions,
  createChannel,
  createProgrammes,
  edgeFetchWith,
  signUp,
  sql,
  versionKey,
} from "../../test/worker-harness.ts";

const REDIS_DOWN = { UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1" };
const POSTGRES_DOWN = { DATABASE_URL: "postgres://postgres@127.0.0.1:1/unreachable" };
const nameOf = (body: { channels: { id: string; name: string }[] }, id: string) =>
  body.channels.find((c) => c.id === id)?.name;

describe("invalidation by version", () => {
  it("serves the cached channel list until the catalog version is bumped, then fresh data", async () => {
    const id = await createChannel({ name: "Before" });
    const first = await edgeFetchWith({}, "/v1/channels");
    expect(nameOf(first.json(), id)).toBe("Before");

    await sql("update channels set name = 'After' where id = $1", [id]); // behind the cache's back
    const cached = await edgeFetchWith({}, "/v1/channels");
    expect(cached.headers.get("x-seeyoo-cache")).toMatch(/memory|edge|redis/);
    expect(nameOf(cached.json(), id)).toBe("Before");

    await bumpVersions([versionKey.catalog]);
    const fresh = await edgeFetchWith({}, "/v1/channels");
    expect(fresh.headers.get("x-seeyoo-cache")).toBe("database");
    expect(nameOf(fresh.json(), id)).toBe("After");
    expect(fresh.headers.get("etag")).not.toBe(first.headers.get("etag"));
  });

  it("bumping one channel's version refreshes exactly that channel's schedule", async () => {
    const a = await createChannel();
    const b = await createChannel();
    const window = "from=2024-05-01T00:00:00Z&to=2024-05-02T00:00:00Z";
    await createProgrammes(a, [
      { start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z", title: "A-old" },
    ]);
    await createProgrammes(b, [
      { start: "2024-05-01T10:00:00Z", end: "2024-05-01T11:00:00Z", title: "B-old" },
    ]);
    const titles = async (ch: string) =>
      (await edgeFetchWith({}, `/v1/channels/${ch}/epg?${window}`))
        .json()
        .programmes.map((p: { title: string }) => p.title);
    expect(await titles(a)).toEqual(["A-old"]);
    expect(await titles(b)).toEqual(["B-old"]);

    await sql("update epg_programs set title = title || '-new' where channel_id in ($1, $2)", [a, b]);
    await bumpVersions([versionKey.channel(a)]);
    expect(await titles(a)).toEqual(["A-old-new"]);
    expect(await titles(b)).toEqual(["B-old"]); // still cached: its version did not change
  });
});

describe("versions remembered per isolate (VERSION_CACHE_MS, default 1 s)", () => {
  it("shows a bump no later than the remembered period", async () => {
    const withDefault = { VERSION_CACHE_MS: "1000" };
    const id = await createChannel({ name: "Remembered" });
    await bumpVersions([versionKey.catalog]);
    expect(nameOf((await edgeFetchWith(withDefault, "/v1/channels")).json(), id)).toBe("Remembered");

    await sql("update channels set name = 'Renamed' where id = $1", [id]);
    await bumpVersions([versionKey.catalog]);
    await new Promise((r) => setTimeout(r, 1_100)); // the remembered versions expire
    expect(nameOf((await edgeFetchWith(withDefault, "/v1/channels")).json(), id)).toBe("Renamed");
  });
});

describe("Redis unreachable", () => {
  it("answers channels, EPG and favourites from Postgres", async () => {
    const id = await createChannel({ name: "No Redis" });
    const channels = await edgeFetchWith(REDIS_DOWN, "/v1/channels");
    expect(channels.status).toBe(200);
    expect(channels.headers.get("x-seeyoo-cache")).toBe("database");
    expect(nameOf(channels.json(), id)).toBe("No Redis");
    expect((await edgeFetchWith(REDIS_DOWN, "/v1/epg/now")).status).toBe(200);
    const { accessToken } = await signUp();
    expect((await edgeFetchWith(REDIS_DOWN, "/v1/me/favorites", { token: accessToken })).status).toBe(200);
  });
});

describe("Postgres unreachable", () => {
  it("serves channels and EPG from the last good copy (stale-if-error)", async () => {
    const id = await createChannel({ name: "Survivor" });
    const at = "2024-06-01T12:00:00.000Z";
    expect((await edgeFetchWith({}, "/v1/channels")).status).toBe(200);
    expect((await edgeFetchWith({}, `/v1/epg/now?at=${at}`)).status).toBe(200);
    // A newer version exists, so the versioned copies miss and Postgres would be needed.
    await bumpVersions([versionKey.catalog, versionKey.epg]);

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

  it("answers favourites with 503 problem+json and Retry-After", async () => {
    const { accessToken } = await signUp();
    const res = await edgeFetchWith(POSTGRES_DOWN, "/v1/me/favorites", { token: accessToken });
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
  });

  it("answers 503, not 500, for public data never cached before", async () => {
    const res = await edgeFetchWith(POSTGRES_DOWN, "/v1/epg/now?at=1999-01-01T00:00:00Z");
    expect(res.status).toBe(503);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });
});
