/**
 * The edge's view of the account API's rate limits: the same rules and counters as the origin's
 * (AuthRateLimiter in @seeyoo/http). The origin counts — it sees whether a password was right —
 * and the edge only looks, to refuse an attempt the origin would refuse anyway without the trip.
 * Counters live in the state Redis (the cache Redis when that is not configured, with a warning);
 * without any Redis, or when it fails, the edge lets attempts through to the origin (fail open).
 */
import { AuthRateLimiter } from "@seeyoo/http";
import { cacheKeys } from "@seeyoo/schema/cache-keys";
import type { EdgeRedis } from "../cache/redis-client.ts";
import type { Settings } from "../env.ts";

const warn = (msg: string, fields: Record<string, unknown> = {}) =>
  console.warn(JSON.stringify({ level: "warn", msg, ...fields }));

// One per isolate and configuration, so the start-up warning comes once.
const limiters = new Map<string, AuthRateLimiter>();

export function authLimiterFor(settings: Settings, redis: EdgeRedis | null): AuthRateLimiter {
  const prefix = cacheKeys(settings.cacheNamespace).rateLimitPrefix;
  const id = `${settings.stateRedis.rest?.url ?? "-"}|${prefix}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    if (!redis) warn("no Redis configured: the account API's rate limits are checked only at the origin");
    else if (settings.stateRedis.sharesCache) {
      warn("UPSTASH_STATE_REST_URL is not set: rate-limit counters are read from the cache Redis");
    }
    limiter = new AuthRateLimiter(redis?.client ?? null, prefix, {
      onError: (error) => warn("auth rate limiter unavailable; attempt forwarded", { err: String(error) }),
    });
    limiters.set(id, limiter);
  }
  return limiter;
}
