/**
 * Upstash Redis (REST) as the edge's global tier. Every call is best effort: a Redis that is
 * down or slow must cost the viewer nothing but a trip to the next tier, so failures resolve to
 * null. After a failure the isolate leaves Redis alone for a moment (a down Redis, or a bridge
 * waiting for it to come back, would otherwise add its wait to every request).
 */
import { Redis } from "@upstash/redis/cloudflare";
import type { Settings } from "../env.ts";

const PAUSE_AFTER_FAILURE_MS = 1_000;

export class EdgeRedis {
  readonly client: Redis;
  #pausedUntil = 0;

  constructor(redis: NonNullable<Settings["redis"]>) {
    this.client = new Redis({
      url: redis.url,
      token: redis.token,
      retry: { retries: 0 },
      automaticDeserialization: false,
      enableTelemetry: false,
      // Each request needs one or two sequential commands; batching would only add a hop.
      enableAutoPipelining: false,
    });
  }

  mget(keys: string[]): Promise<(string | null)[] | null> {
    return this.#attempt(() => this.client.mget<(string | null)[]>(...keys));
  }

  get(key: string): Promise<string | null> {
    return this.#attempt(() => this.client.get<string>(key));
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    await this.#attempt(() => this.client.set(key, value, { ex: ttlSeconds }));
  }

  /** Runs a Lua script; null when Redis could not be reached. */
  eval(script: string, keys: string[], args: (string | number)[]): Promise<unknown> {
    return this.#attempt(() => this.client.eval(script, keys, args));
  }

  async #attempt<T>(call: () => Promise<T>): Promise<T | null> {
    if (Date.now() < this.#pausedUntil) return null;
    try {
      return await call();
    } catch {
      this.#pausedUntil = Date.now() + PAUSE_AFTER_FAILURE_MS;
      return null;
    }
  }
}
