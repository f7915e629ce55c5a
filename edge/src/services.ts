/**
 * The services of one request, reached through the context (`c.var.services`): the database
 * (opened lazily, closed after the response), Redis (one client per isolate), the cache versions,
 * the tiered cache and the catalog, guide and per-user data built on them.
 */
import type { AuthRateLimiter } from "@seeyoo/http";
import { type CacheKeys, cacheKeys } from "@seeyoo/schema/cache-keys";
import { authLimiterFor } from "./auth/auth-rate-limit.ts";
import { EdgeRedis } from "./cache/redis-client.ts";
import { TieredCache } from "./cache/tiered-cache.ts";
import { UserCache } from "./cache/user-cache.ts";
import { CacheVersions } from "./cache/versions.ts";
import { CatalogService } from "./catalog/catalog-service.ts";
import { RequestDb } from "./db/request-db.ts";
import type { Settings } from "./env.ts";
import { GuideService } from "./guide/guide-service.ts";
import { ViewerData } from "./me/viewer-data.ts";
import { type StreamSessions, streamSessionsFor } from "./playback/stream-sessions.ts";

export interface EdgeServices {
  db: RequestDb;
  redis: EdgeRedis | null;
  cache: TieredCache;
  keys: CacheKeys;
  /** The cache versions (and the database epoch) every cached read is keyed by. */
  versions: CacheVersions;
  catalog: CatalogService;
  guide: GuideService;
  /** The signed-in viewer's favourites and account (per-user cache tier). */
  viewer: ViewerData;
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
  const cache = new TieredCache(redis, ctx);
  const versions = new CacheVersions({
    redis,
    db,
    keys,
    versionCacheMs: settings.versionCacheMs,
    databaseUrl: settings.databaseUrl,
    ctx,
  });
  const catalog = new CatalogService({ db, cache, versions });
  return {
    db,
    redis,
    keys,
    cache,
    versions,
    catalog,
    guide: new GuideService({ db, cache, versions, catalog }),
    viewer: new ViewerData({ db, versions, users: new UserCache(redis), ctx }),
    streams: streamSessionsFor(settings, stateRedis),
    authLimits: authLimiterFor(settings, stateRedis),
  };
}
