import { type CacheKeys, parseVersion, type Version } from "@seeyoo/schema/cache-keys";
import type { EdgeRedis } from "./redis-client.ts";

export interface Versions {
  catalog: Version;
  epg: Version;
  channel?: Version;
}

/**
 * Versions read from Redis, remembered by this isolate for VERSION_CACHE_MS (default 1 s). It
 * bounds Redis to about one command per isolate per second for the hottest reads — the Redis
 * round trip was the largest cost of a cached request (docs/benchmarks.md) and Upstash bills per
 * command — at the price of an ingest becoming visible up to that long later. 0 turns it off.
 */
const remembered = new Map<string, { value: Version; until: number }>();

function recall(keys: string[], now: number): Version[] | null {
  const values: Version[] = [];
  for (const key of keys) {
    const hit = remembered.get(key);
    if (!hit || hit.until <= now) return null;
    values.push(hit.value);
  }
  return values;
}

/**
 * The cache versions a response depends on, in at most one Redis round trip. Null when Redis
 * cannot be reached: the caller then skips the versioned tiers and asks Postgres.
 */
export async function readVersions(
  {
    redis,
    keys: { version },
    versionCacheMs,
  }: { redis: EdgeRedis | null; keys: CacheKeys; versionCacheMs: number },
  channelId?: string,
): Promise<Versions | null> {
  if (!redis) return null;
  const keys: string[] = [version.catalog, version.epg];
  if (channelId) keys.push(version.channel(channelId));
  const now = Date.now();
  let values = versionCacheMs > 0 ? recall(keys, now) : null;
  if (!values) {
    const raw = await redis.mget(keys);
    if (!raw) return null;
    values = raw.map(parseVersion);
    if (versionCacheMs > 0) {
      keys.forEach((key, i) => {
        remembered.set(key, { value: values?.[i] ?? 0, until: now + versionCacheMs });
      });
    }
  }
  const versions: Versions = { catalog: values[0] ?? 0, epg: values[1] ?? 0 };
  if (channelId) versions.channel = values[2] ?? 0;
  return versions;
}
