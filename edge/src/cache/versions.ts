import { type CacheKeys, parseVersion, type Version } from "@seeyoo/schema/cache-keys";
import type { EdgeRedis } from "./redis-client.ts";

export interface Versions {
  catalog: Version;
  epg: Version;
  channel?: Version;
}

/**
 * Reads the cache versions a response depends on, in one Redis round trip. Null when Redis
 * cannot be reached: the caller then skips the versioned tiers and asks Postgres.
 */
export async function readVersions(
  { redis, keys: { version } }: { redis: EdgeRedis | null; keys: CacheKeys },
  channelId?: string,
): Promise<Versions | null> {
  if (!redis) return null;
  const keys: string[] = [version.catalog, version.epg];
  if (channelId) keys.push(version.channel(channelId));
  const raw = await redis.mget(keys);
  if (!raw) return null;
  const versions: Versions = { catalog: parseVersion(raw[0]), epg: parseVersion(raw[1]) };
  if (channelId) versions.channel = parseVersion(raw[2]);
  return versions;
}
