/**
 * The variables both deployables read their Upstash Redis and cache namespace from — the origin
 * bumps cache versions, the edge reads them — so that both read them the same way.
 */
import * as v from "valibot";
import { DEFAULT_CACHE_NAMESPACE } from "./cache-keys.ts";

export const RedisEnv = {
  UPSTASH_REDIS_REST_URL: v.optional(v.pipe(v.string(), v.url("must be a URL"))),
  UPSTASH_REDIS_REST_TOKEN: v.optional(v.string()),
  CACHE_NAMESPACE: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9:_-]{1,64}$/, "may hold letters, digits, : _ -")),
    DEFAULT_CACHE_NAMESPACE,
  ),
};

/**
 * The state Redis (stream sessions, rate-limit counters: must never be evicted), a second Upstash
 * database. Optional: without it, state shares the cache Redis.
 */
export const StateRedisEnv = {
  UPSTASH_STATE_REST_URL: v.optional(v.pipe(v.string(), v.url("must be a URL"))),
  UPSTASH_STATE_REST_TOKEN: v.optional(v.string()),
};

/**
 * Where state lives: the state Redis when both of its variables are set, otherwise the cache Redis
 * (`sharedWithCache`, which deserves a warning: an evicting cache may drop sessions), or null.
 */
export function stateRestOf(env: {
  UPSTASH_STATE_REST_URL?: string;
  UPSTASH_STATE_REST_TOKEN?: string;
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
}): { url: string; token: string; sharedWithCache: boolean } | null {
  if (env.UPSTASH_STATE_REST_URL && env.UPSTASH_STATE_REST_TOKEN) {
    return { url: env.UPSTASH_STATE_REST_URL, token: env.UPSTASH_STATE_REST_TOKEN, sharedWithCache: false };
  }
  const cache = upstashRestOf(env);
  return cache && { ...cache, sharedWithCache: true };
}

/** The Upstash REST endpoint, or null when it is not configured (both variables are needed). */
export const upstashRestOf = (env: { UPSTASH_REDIS_REST_URL?: string; UPSTASH_REDIS_REST_TOKEN?: string }) =>
  env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
    ? { url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN }
    : null;
