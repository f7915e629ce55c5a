/**
 * Bumps the edge's cache versions in Upstash Redis (key scheme: @seeyoo/schema/cache-keys).
 * Invalidation is best effort after a commit: if Redis is unreachable the write still stands,
 * the failure is logged and counted, and the edge's short TTLs bound the staleness.
 */
import { versionKeys } from "@seeyoo/schema/cache-keys";
import { Redis } from "@upstash/redis";
import type { Logger } from "../logging/logger.ts";

export class CacheInvalidator {
  readonly #redis: Redis | null;
  readonly #logger: Logger;
  readonly #onFailure: () => void;

  constructor(redis: { url: string; token: string } | null, logger: Logger, onFailure: () => void) {
    this.#redis = redis ? new Redis({ url: redis.url, token: redis.token, retry: { retries: 1 } }) : null;
    this.#logger = logger;
    this.#onFailure = onFailure;
  }

  get enabled(): boolean {
    return this.#redis !== null;
  }

  /** The channel list or a channel's metadata changed. */
  bumpCatalog(): Promise<boolean> {
    return this.#bump([versionKeys.catalog]);
  }

  /** These channels' schedules changed. */
  bumpChannels(channelIds: readonly string[]): Promise<boolean> {
    return this.#bump(channelIds.map((id) => versionKeys.channel(id)));
  }

  async #bump(keys: string[]): Promise<boolean> {
    if (!this.#redis || keys.length === 0) return true;
    try {
      const pipeline = this.#redis.pipeline();
      for (const key of keys) pipeline.incr(key);
      await pipeline.exec();
      return true;
    } catch (error) {
      this.#onFailure();
      this.#logger.warn({ err: (error as Error).message, keys: keys.length }, "cache invalidation failed");
      return false;
    }
  }
}
