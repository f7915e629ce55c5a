/**
 * The per-user tier's entry rule against the real Redis: a write that started earlier (lower
 * user version, or the same user version and an older catalog) never replaces a newer entry, and
 * every entry expires within USER_ENTRY_TTL_SECONDS.
 */
import { describe, expect, it } from "vitest";
import { context, redisCommand } from "../../test/worker-harness.ts";
import { EdgeRedis } from "./redis-client.ts";
import { USER_ENTRY_TTL_SECONDS, UserCache } from "./user-cache.ts";

const users = new UserCache(new EdgeRedis({ url: context.redisUrl, token: context.redisToken }));
const key = () => `${context.bindings.CACHE_NAMESPACE}:user-cache-test:${crypto.randomUUID()}:fav`;
const entry = (user: number, catalog: number, body: string) => ({ user, catalog, etag: '"ab12"', body });

describe("per-user entries", () => {
  it("keep the newest (user, catalog) pair whatever order the writes land in", async () => {
    const k = key();
    expect(await users.put(k, entry(2, 5, '{"v":"u2c5"}'))).toBe(true);
    await users.put(k, entry(1, 9, '{"v":"u1c9"}')); // began before the user's last change
    await users.put(k, entry(2, 4, '{"v":"u2c4"}')); // began before the last catalog change
    expect(await users.get(k)).toEqual(entry(2, 5, '{"v":"u2c5"}'));
    await users.put(k, entry(3, 1, '{"v":"u3c1"}'));
    expect((await users.get(k))?.body).toBe('{"v":"u3c1"}');
  });

  it("expire within USER_ENTRY_TTL_SECONDS and survive bodies with colons", async () => {
    const k = key();
    await users.put(k, entry(1, 1, '{"t":"12:00:00"}'));
    expect((await users.get(k))?.body).toBe('{"t":"12:00:00"}');
    const ttl = Number(await redisCommand(["TTL", k]));
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(USER_ENTRY_TTL_SECONDS);
  });

  it("reads a malformed entry as a miss", async () => {
    const k = key();
    await redisCommand(["SET", k, "not an entry", "EX", 60]);
    expect(await users.get(k)).toBeNull();
  });
});
