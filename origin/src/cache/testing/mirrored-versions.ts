/**
 * For tests: the cache versions as the edge finds them in Redis (the mirrors the origin writes),
 * under the database's epoch. A scope without a mirror reads 0.
 */
import { cacheKeys } from "@seeyoo/schema/cache-keys";
import {
  mirrorKeyOf,
  parseMirroredVersion,
  READ_VERSIONS_SQL,
  storedVersionsOf,
} from "@seeyoo/schema/cache-versions";
import type { Redis } from "@upstash/redis";
import type pg from "pg";

export async function mirroredVersions(
  redis: Redis,
  pool: pg.Pool,
  namespace: string,
  scopes: string[],
): Promise<number[]> {
  const { rows } = await pool.query(READ_VERSIONS_SQL, [[]]);
  const keys = cacheKeys(namespace).of(storedVersionsOf(rows[0], []).epoch);
  const values = await redis.mget<(string | number | null)[]>(...scopes.map((s) => mirrorKeyOf(keys, s)));
  return values.map((v) => parseMirroredVersion(v) ?? 0);
}
