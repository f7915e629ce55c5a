/**
 * The cache key scheme shared by the origin (which bumps versions) and the edge (which reads
 * them). Data keys embed the versions they were built from, so bumping a version makes every
 * cached copy built from the old one unreachable — exact invalidation without deletes or scans.
 *
 *   <ns>:ver:catalog            INCR when channels are created, changed or deleted
 *   <ns>:ver:ch:<channelId>     INCR when an ingest changes that channel's schedule
 *   <ns>:ver:epg                INCR with every channel bump: views across many channels
 *                               (now/next, grids) depend on it
 *
 * A missing version key reads as 0. The namespace (default `seeyoo:v1`) lets several
 * environments share one Redis without seeing each other's data (and tests stay isolated).
 */
export const DEFAULT_CACHE_NAMESPACE = "seeyoo:v1";

export type Version = number;

export function cacheKeys(ns: string = DEFAULT_CACHE_NAMESPACE) {
  return {
    version: {
      catalog: `${ns}:ver:catalog`,
      channel: (channelId: string) => `${ns}:ver:ch:${channelId}`,
      epg: `${ns}:ver:epg`,
    },
    data: {
      /**
       * The active channel list, as of one catalog version. `r` names the body's shape: lists
       * cached before channels carried viewing rights (restartAllowed, catchupHours) are not read.
       */
      channelList: (catalog: Version) => `${ns}:channels:r:c${catalog}`,
      /** One channel's schedule in a window, as of one channel version (and catalog, for activity). */
      channelSchedule: (channelId: string, channel: Version, catalog: Version, from: string, to: string) =>
        `${ns}:epg:ch:${channelId}:v${channel}:c${catalog}:${from}:${to}`,
      /** Now/next of every channel at one instant. */
      nowNext: (catalog: Version, epg: Version, at: string) => `${ns}:epg:now:c${catalog}:e${epg}:${at}`,
      /** A grid of many channels over a window; `channels` is a stable digest of the channel ids. */
      grid: (catalog: Version, epg: Version, channels: string, from: string, to: string) =>
        `${ns}:epg:grid:c${catalog}:e${epg}:${channels}:${from}:${to}`,
      /**
       * A guide search, as of one catalog and EPG version; `search` is a digest of the canonical
       * query, the quarter-hour window, the channel set and the limit (see the edge's search route).
       */
      search: (catalog: Version, epg: Version, search: string) =>
        `${ns}:epg:search:c${catalog}:e${epg}:${search}`,
      /** The last good copy of a resource, served when Postgres is unreachable (stale-if-error). */
      lastGood: (resource: string) => `${ns}:last:${resource}`,
    },
    /** Prefix of the edge's rate-limit counters. */
    rateLimitPrefix: `${ns}:rl`,
  };
}

export type CacheKeys = ReturnType<typeof cacheKeys>;

/** Parses a version read from Redis (string, number or nil) into a number; nil is 0. */
export function parseVersion(raw: unknown): Version {
  const n = typeof raw === "number" ? raw : Number(raw ?? 0);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}
