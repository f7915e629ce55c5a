/**
 * Upstash Redis (REST) as the edge's global tier. Every call is best effort: a Redis that is
 * down or slow must cost the viewer nothing but a trip to Postgres, so failures resolve to null.
 */
import { Redis } from "@upstash/redis/cloudflare";
import type { Settings } from "../env.ts";

export class EdgeRedis {
  readonly client: Redis;

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

  async mget(keys: string[]): Promise<(string | null)[] | null> {
    try {
      return await this.client.mget<(string | null)[]>(...keys);
    } catch {
      return null;
    }
  }

  async get(key: string): Promise<string | null> {
    try {
      return await this.client.get<string>(key);
    } catch {
      return null;
    }
  }

  async set(key: string, value: string, ttlSeconds: number): Promise<void> {
    try {
      await this.client.set(key, value, { ex: ttlSeconds });
    } catch {
      // best effort
    }
  }
}
