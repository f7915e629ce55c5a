/**
 * Per-request services, reached through the context (`c.var.services`): the database (opened
 * lazily, closed after the response), Redis (one client per isolate) and the tiered cache.
 */
import { type CacheKeys, cacheKeys } from "@seeyoo/schema/cache-keys";
import type { MiddlewareHandler } from "hono";
import { EdgeRedis } from "./cache/redis-client.ts";
import { TieredCache } from "./cache/tiered-cache.ts";
import { RequestDb } from "./db/request-db.ts";
import type { EdgeEnv } from "./edge-env.ts";
import { type Settings, settingsOf } from "./env.ts";

export interface EdgeServices {
  db: RequestDb;
  redis: EdgeRedis | null;
  cache: TieredCache;
  keys: CacheKeys;
  /** How long this isolate may reuse versions read from Redis (VERSION_CACHE_MS). */
  versionCacheMs: number;
}

const redisClients = new Map<string, EdgeRedis>();
function redisFor(redis: Settings["redis"]): EdgeRedis | null {
  if (!redis) return null;
  let client = redisClients.get(redis.url);
  if (!client) {
    client = new EdgeRedis(redis);
    redisClients.set(redis.url, client);
  }
  return client;
}

export const provideServices: MiddlewareHandler<EdgeEnv> = async (c, next) => {
  const settings = settingsOf(c.env);
  c.set("settings", settings);
  const redis = redisFor(settings.redis);
  const db = new RequestDb(settings, c.executionCtx);
  const keys = cacheKeys(settings.cacheNamespace);
  c.set("services", {
    db,
    redis,
    keys,
    versionCacheMs: settings.versionCacheMs,
    cache: new TieredCache(redis, keys, c.executionCtx),
  });
  try {
    await next();
  } finally {
    db.close();
  }
};
