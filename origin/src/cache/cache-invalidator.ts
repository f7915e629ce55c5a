/**
 * Bumps the edge's cache versions in Upstash Redis (key scheme: @seeyoo/schema/cache-keys).
 * Invalidation is best effort after a commit: if Redis is unreachable the write still stands,
 * the failure is logged and counted, and the edge's short TTLs bound the staleness.
 */
import { type CacheKeys, cacheKeys } from "@seeyoo/schema/cache-keys";
import { Redis } from "@upstash/redis";
import type { Logger } from "../logging/logger.ts";

export class CacheInvalidator {
  readonly #redis: Redis | null;
  readonly #logger: Logger;
  readonly #onFailure: () => void;
  readonly #keys: CacheKeys["version"];

  constructor(
    redis: { url: string; token: string } | null,
    namespace: string,
    logger: Logger,
    onFailure: () => void,
  ) {
    this.#keys = cacheKeys(namespace).version;
    this.#redis = redis ? new Redis({ url: redis.url, token: redis.token, retry: { retries: 1 } }) : null;
    this.#logger = logger;
    this.#onFailure = onFailure;
  }

  get enabled(): boolean {
    return this.#redis !== null;
  }

  /** The channel list or a channel's metadata changed. */
  bumpCatalog(): Promise<boolean> {
    return this.#bump([this.#keys.catalog]);
  }

  /** These channels' schedules changed. */
  bumpChannels(channelIds: readonly string[]): Promise<boolean> {
    if (channelIds.length === 0) return Promise.resolve(true);
    return this.#bump([...channelIds.map((id) => this.#keys.channel(id)), this.#keys.epg]);
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
