/**
 * The variables both deployables read their Upstash Redis databases and cache namespace from — the
 * origin bumps cache versions, the edge reads them; both keep rate-limit counters in the state
 * database — so that both read them the same way.
 */
import * as v from "valibot";
import { DEFAULT_CACHE_NAMESPACE } from "./cache-keys.ts";

export const RedisEnv = {
  UPSTASH_REDIS_REST_URL: v.optional(v.pipe(v.string(), v.url("must be a URL"))),
  UPSTASH_REDIS_REST_TOKEN: v.optional(v.string()),
  /** The Redis for state that must never be evicted (rate-limit counters, stream sessions). */
  UPSTASH_STATE_REST_URL: v.optional(v.pipe(v.string(), v.url("must be a URL"))),
  UPSTASH_STATE_REST_TOKEN: v.optional(v.string()),
  CACHE_NAMESPACE: v.optional(
    v.pipe(v.string(), v.regex(/^[A-Za-z0-9:_-]{1,64}$/, "may hold letters, digits, : _ -")),
    DEFAULT_CACHE_NAMESPACE,
  ),
};

export interface UpstashRest {
  url: string;
  token: string;
}

/** The Upstash REST endpoint, or null when it is not configured (both variables are needed). */
export const upstashRestOf = (env: {
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
}): UpstashRest | null =>
  env.UPSTASH_REDIS_REST_URL && env.UPSTASH_REDIS_REST_TOKEN
    ? { url: env.UPSTASH_REDIS_REST_URL, token: env.UPSTASH_REDIS_REST_TOKEN }
    : null;

/**
 * Where state lives: the state database, or — when it is not configured — the cache database,
 * with `sharesCache` set so that the deployable can warn (a cache database may evict state).
 */
export function stateRestOf(env: {
  UPSTASH_REDIS_REST_URL?: string;
  UPSTASH_REDIS_REST_TOKEN?: string;
  UPSTASH_STATE_REST_URL?: string;
  UPSTASH_STATE_REST_TOKEN?: string;
}): { rest: UpstashRest | null; sharesCache: boolean } {
  if (env.UPSTASH_STATE_REST_URL && env.UPSTASH_STATE_REST_TOKEN) {
    return {
      rest: { url: env.UPSTASH_STATE_REST_URL, token: env.UPSTASH_STATE_REST_TOKEN },
      sharesCache: false,
    };
  }
  const cache = upstashRestOf(env);
  return { rest: cache, sharesCache: cache !== null };
}
