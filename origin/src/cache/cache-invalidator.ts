/**
 * Makes the edge see a committed change at once. The versions themselves are bumped by Postgres
 * (the migration's triggers, in the writing transaction — see @seeyoo/schema/cache-versions), so
 * a write can never miss its bump. After the commit these methods read the new versions and
 * mirror them into Redis (never backwards). That is best effort: if Redis or Postgres cannot be
 * reached the write still stands, the failure is logged and counted, and the mirror's TTL
 * (VERSION_MIRROR_TTL_SECONDS) bounds how long the edge may serve the previous version.
 */
import { cacheKeys } from "@seeyoo/schema/cache-keys";
import {
  mirrorVersionsEval,
  READ_VERSIONS_SQL,
  storedVersionsOf,
  versionScope,
} from "@seeyoo/schema/cache-versions";
import { Redis } from "@upstash/redis";
import type pg from "pg";
import type { Logger } from "../logging/logger.ts";

export interface CacheInvalidatorDeps {
  redis: { url: string; token: string } | null;
  namespace: string;
  pool: pg.Pool;
  logger: Logger;
  onFailure: () => void;
}

export class CacheInvalidator {
  readonly #redis: Redis | null;
  readonly #deps: CacheInvalidatorDeps;

  constructor(deps: CacheInvalidatorDeps) {
    this.#deps = deps;
    this.#redis = deps.redis
      ? new Redis({ url: deps.redis.url, token: deps.redis.token, retry: { retries: 1 } })
      : null;
  }

  get enabled(): boolean {
    return this.#redis !== null;
  }

  /** After a commit that changed the channel table (the list, a channel's fields or activity). */
  bumpCatalog(): Promise<boolean> {
    return this.#mirror([versionScope.catalog]);
  }

  /** After a commit that changed these channels' schedules. */
  bumpChannels(channelIds: readonly string[]): Promise<boolean> {
    if (channelIds.length === 0) return Promise.resolve(true);
    return this.#mirror([...channelIds.map(versionScope.channel), versionScope.epg]);
  }

  /**
   * After a user was deleted or changed by the origin: drops their per-user entries at the edge
   * (favourites, account) so the next read goes to Postgres instead of waiting for their TTL.
   */
  async forgetUser(userId: string): Promise<boolean> {
    return this.#withRedis("forget user", async (redis) => {
      const keys = cacheKeys(this.#deps.namespace).of(await this.#epoch());
      await redis.del(keys.user.favorites(userId), keys.user.account(userId));
    });
  }

  #mirror(scopes: string[]): Promise<boolean> {
    return this.#withRedis("cache invalidation", async (redis) => {
      const { rows } = await this.#deps.pool.query(READ_VERSIONS_SQL, [scopes]);
      const stored = storedVersionsOf(rows[0], scopes);
      const mirror = mirrorVersionsEval(cacheKeys(this.#deps.namespace).of(stored.epoch), stored);
      await redis.eval(mirror.script, mirror.keys, mirror.args);
    });
  }

  async #epoch(): Promise<string> {
    const { rows } = await this.#deps.pool.query(READ_VERSIONS_SQL, [[]]);
    return storedVersionsOf(rows[0], []).epoch;
  }

  async #withRedis(what: string, work: (redis: Redis) => Promise<void>): Promise<boolean> {
    if (!this.#redis) return true;
    try {
      await work(this.#redis);
      return true;
    } catch (error) {
      this.#deps.onFailure();
      this.#deps.logger.warn({ err: (error as Error).message }, `${what} failed`);
      return false;
    }
  }
}
