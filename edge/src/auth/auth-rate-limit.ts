/**
 * Rate limits for sign-in and sign-up at the edge (@upstash/ratelimit, sliding window): per
 * client IP and per email, so neither one address nor one account can be hammered. Without
 * Redis the limiter is off (fail open: availability of sign-in beats a brute-force brake that
 * the origin's bcrypt cost already slows); that is logged at start and per failure. Counters live
 * under the namespace's rate-limit prefix, so environments sharing one Redis never share limits.
 */
import type { CacheKeys } from "@seeyoo/schema/cache-keys";
import { Ratelimit } from "@upstash/ratelimit";
import type { EdgeRedis } from "../cache/redis-client.ts";

export interface LimitVerdict {
  allowed: boolean;
  retryAfterSeconds: number;
  scope?: "ip" | "email";
}

const limiters = new Map<string, Ratelimit>();

function limiterFor(redis: EdgeRedis, keys: CacheKeys, perMinute: number): Ratelimit {
  const prefix = `${keys.rateLimitPrefix}:auth`;
  const id = `${prefix}|${perMinute}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = new Ratelimit({
      redis: redis.client,
      limiter: Ratelimit.slidingWindow(perMinute, "60 s"),
      prefix,
      timeout: 2_000,
      analytics: false,
    });
    limiters.set(id, limiter);
  }
  return limiter;
}

export async function checkAuthRateLimit(
  redis: EdgeRedis | null,
  keys: CacheKeys,
  perMinute: number,
  ip: string,
  email: string | null,
): Promise<LimitVerdict> {
  if (!redis) return { allowed: true, retryAfterSeconds: 0 };
  const limiter = limiterFor(redis, keys, perMinute);
  try {
    const checks: [LimitVerdict["scope"], string][] = [["ip", `ip:${ip}`]];
    if (email) checks.push(["email", `email:${email.trim().toLowerCase()}`]);
    const results = await Promise.all(checks.map(([, key]) => limiter.limit(key)));
    const blocked = results.findIndex((r) => !r.success);
    if (blocked === -1) return { allowed: true, retryAfterSeconds: 0 };
    const reset = results[blocked]?.reset ?? Date.now() + 60_000;
    return {
      allowed: false,
      retryAfterSeconds: Math.max(1, Math.ceil((reset - Date.now()) / 1000)),
      scope: checks[blocked]?.[0],
    };
  } catch (error) {
    console.warn(JSON.stringify({ level: "warn", msg: "auth rate limiter unavailable", err: String(error) }));
    return { allowed: true, retryAfterSeconds: 0 };
  }
}
