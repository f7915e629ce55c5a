// The two Upstash REST endpoints the edge and the origin get locally, as in production (two
// Upstash databases): caches in Redis database 0 (may be evicted) and state that must never be
// evicted (stream sessions, rate-limit counters) in database 1, each behind its own bridge, port
// and token. Handed on as the env variables both deployables read.
import { randomBytes } from "node:crypto";
import { startUpstashBridge, type UpstashBridge } from "./upstash-bridge.ts";

export const CACHE_DATABASE = 0;
export const STATE_DATABASE = 1;

export type UpstashEndpoints = {
  /** UPSTASH_REDIS_REST_URL/TOKEN (caches) and UPSTASH_STATE_REST_URL/TOKEN (state). */
  env: Record<string, string>;
  cache: UpstashBridge;
  state: UpstashBridge;
  close(): Promise<void>;
};

export async function startUpstashEndpoints(options: {
  redisUrl: string;
  /** 0 (the default) picks free ports. */
  cachePort?: number;
  statePort?: number;
}): Promise<UpstashEndpoints> {
  const start = (port: number | undefined, database: number) =>
    startUpstashBridge({
      port,
      database,
      redisUrl: options.redisUrl,
      token: randomBytes(16).toString("hex"),
    });
  const cache = await start(options.cachePort, CACHE_DATABASE);
  const state = await start(options.statePort, STATE_DATABASE).catch(async (err: unknown) => {
    await cache.close();
    throw err;
  });
  return {
    env: {
      UPSTASH_REDIS_REST_URL: cache.url,
      UPSTASH_REDIS_REST_TOKEN: cache.token,
      UPSTASH_STATE_REST_URL: state.url,
      UPSTASH_STATE_REST_TOKEN: state.token,
    },
    cache,
    state,
    close: async () => {
      await Promise.all([cache.close(), state.close()]);
    },
  };
}
