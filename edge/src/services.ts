/**
 * The services of one request, reached through the context (`c.var.services`): the database
 * (opened lazily, closed after the response), Redis (one client per isolate), the tiered cache
 * and the catalog built on them.
 */
import type { AuthRateLimiter } from "@seeyoo/http";
import { type CacheKeys, cacheKeys } from "@seeyoo/schema/cache-keys";
import { authLimiterFor } from "./auth/auth-rate-limit.ts";
import { EdgeRedis } from "./cache/redis-client.ts";
import { TieredCache } from "./cache/tiered-cache.ts";
import { CatalogService } from "./catalog/catalog-service.ts";
import { RequestDb } from "./db/request-db.ts";
import type { Settings } from "./env.ts";
import { type StreamSessions, streamSessionsFor } from "./playback/stream-sessions.ts";

export interface EdgeServices {
  db: RequestDb;
  redis: EdgeRedis | null;
  cache: TieredCache;
  keys: CacheKeys;
  /** How long this isolate may reuse versions read from Redis (VERSION_CACHE_MS). */
  versionCacheMs: number;
  catalog: CatalogService;
  /** Stream sessions and playback starts of the viewers (in the state Redis). */
  streams: StreamSessions;
  /** The account API's rate limits, read from the state Redis. */
  authLimits: AuthRateLimiter;
}

type ExecutionContext = { waitUntil(promise: Promise<unknown>): void };

const redisClients = new Map<string, EdgeRedis>();
function redisFor(redis: { url: string; token: string } | null): EdgeRedis | null {
  if (!redis) return null;
  let client = redisClients.get(redis.url);
  if (!client) {
    client = new EdgeRedis(redis);
    redisClients.set(redis.url, client);
  }
  return client;
}

let warnedStateShared = false;
/** Stream sessions and start counters belong in the state Redis; say so once when they share the cache's. */
function stateRedisFor(settings: Settings): EdgeRedis | null {
  if (settings.stateRedis.sharesCache && !warnedStateShared) {
    warnedStateShared = true;
    console.warn(
      JSON.stringify({
        level: "warn",
        msg: "UPSTASH_STATE_REST_URL/TOKEN unset: stream sessions share the cache Redis, which may evict them",
      }),
    );
  }
  return redisFor(settings.stateRedis.rest);
}

export function createServices(settings: Settings, ctx: ExecutionContext): EdgeServices {
  const redis = redisFor(settings.redis);
  const stateRedis = stateRedisFor(settings);
  const db = new RequestDb(settings, ctx);
  const keys = cacheKeys(settings.cacheNamespace);
  const cache = new TieredCache(redis, keys, ctx);
  const versionCacheMs = settings.versionCacheMs;
  return {
    db,
    redis,
    keys,
    versionCacheMs,
    cache,
    catalog: new CatalogService({ db, redis, keys, cache, versionCacheMs }),
    streams: streamSessionsFor(settings, stateRedis),
    authLimits: authLimiterFor(settings, stateRedis),
  };
}
