/**
 * The cache key scheme shared by the origin (which mirrors versions into Redis) and the edge
 * (which reads them and caches bodies). Every key of one database lives under
 * `<ns>:<epoch>`: the namespace (CACHE_NAMESPACE, lets environments share one Redis) and the
 * database's epoch (random, made by its migration, see cache-versions.ts) — so two databases on one
 * Redis namespace never read each other's bodies, versions or last good copies.
 *
 *   <p>:ver:catalog | :ver:epg | :ver:ch:<id>   mirrors of the versions kept in Postgres
 *   <p>:channels:c<catalog>                      the active channel list
 *   <p>:guide:c<catalog>:e<epg>:<block start>    every active channel over one 6-hour block (UTC
 *                                                00/06/12/18): the grid and now/next are cut from it
 *   <p>:sched:<channel>:v<version>:<day>         one channel over one UTC day (its schedule)
 *   <p>:search:c<catalog>:e<epg>:<digest>        one guide search (canonical query, quarter-hour
 *                                                window, channels, limit), see the search route
 *   <p>:last:<resource>                          the last good copy of a channel list or block
 *   <p>:user:<id>:fav | :user:<id>:me            one user's favourites / account (per-user tier)
 *
 * Data keys embed the versions they were built from, so a version bump makes older copies
 * unreachable — exact invalidation without deletes or scans. A request window never appears in a
 * key: windows are cut from fixed blocks, so the number of keys is bounded whatever the queries
 * (see `keySpacePerVersion`).
 */
import { GUIDE_FUTURE_DAYS, GUIDE_PAST_DAYS } from "./wire/epg.ts";

export const DEFAULT_CACHE_NAMESPACE = "seeyoo:v1";

export type Version = number;

/** The grid and now/next are cut from blocks of every active channel over this many hours. */
export const GUIDE_BLOCK_HOURS = 6;
/** A channel's schedule is cut from blocks of one UTC day. */
export const SCHEDULE_BLOCK_HOURS = 24;

const blocksInGuideRange = (hours: number) =>
  Math.ceil(((GUIDE_PAST_DAYS + GUIDE_FUTURE_DAYS) * 24) / hours) + 1;

/**
 * The most data keys one version can produce, whatever the queries (the guide's range is
 * [now − GUIDE_PAST_DAYS, now + GUIDE_FUTURE_DAYS], times outside it are refused): one channel
 * list per catalog version, 181 guide blocks per (catalog, epg) version, 46 schedule days per
 * channel version. Last good copies: one per block start or day (no version in their key).
 */
export const keySpacePerVersion = {
  channelList: 1,
  guideBlocks: blocksInGuideRange(GUIDE_BLOCK_HOURS),
  scheduleDaysPerChannel: blocksInGuideRange(SCHEDULE_BLOCK_HOURS),
};

/** The keys of one database (epoch) in one namespace. */
export function databaseKeys(ns: string, epoch: string) {
  const p = `${ns}:${epoch}`;
  return {
    prefix: p,
    version: {
      catalog: `${p}:ver:catalog`,
      epg: `${p}:ver:epg`,
      channel: (channelId: string) => `${p}:ver:ch:${channelId}`,
    },
    data: {
      channelList: (catalog: Version) => `${p}:channels:c${catalog}`,
      guideBlock: (catalog: Version, epg: Version, blockStart: string) =>
        `${p}:guide:c${catalog}:e${epg}:${blockStart}`,
      scheduleDay: (channelId: string, channel: Version, day: string) =>
        `${p}:sched:${channelId}:v${channel}:${day}`,
      /**
       * A guide search, as of one catalog and EPG version; `search` is a digest of the canonical
       * query, the quarter-hour window, the channel set and the limit (see the edge's search route).
       */
      search: (catalog: Version, epg: Version, search: string) => `${p}:search:c${catalog}:e${epg}:${search}`,
      /** The last good copy of a resource, served when Postgres is unreachable (stale-if-error). */
      lastGood: (resource: string) => `${p}:last:${resource}`,
    },
    user: {
      favorites: (userId: string) => `${p}:user:${userId}:fav`,
      account: (userId: string) => `${p}:user:${userId}:me`,
    },
  };
}

export type DatabaseKeys = ReturnType<typeof databaseKeys>;

export function cacheKeys(ns: string = DEFAULT_CACHE_NAMESPACE) {
  return {
    namespace: ns,
    /** Every cached body and version of the database with this epoch. */
    of: (epoch: string) => databaseKeys(ns, epoch),
    /** Prefix of the edge's rate-limit counters (state, not cache: no epoch). */
    rateLimitPrefix: `${ns}:rl`,
  };
}

export type CacheKeys = ReturnType<typeof cacheKeys>;
