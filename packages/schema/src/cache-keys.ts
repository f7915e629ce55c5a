/**
 * The cache key scheme shared by the origin (which bumps versions) and the edge (which reads
 * them). Data keys embed the version they were built from, so bumping a version makes every
 * cached copy built from the old one unreachable — exact invalidation without deletes or scans.
 *
 *   seeyoo:v1:ver:catalog            INCR when channels are created, changed or deleted
 *   seeyoo:v1:ver:ch:<channelId>     INCR when an ingest changes that channel's schedule
 *
 * A missing version key reads as 0. Data keys are built by the helpers below.
 */
export const CACHE_PREFIX = "seeyoo:v1";

export const versionKeys = {
  catalog: `${CACHE_PREFIX}:ver:catalog`,
  channel: (channelId: string) => `${CACHE_PREFIX}:ver:ch:${channelId}`,
} as const;

export type Version = number;

export const dataKeys = {
  /** The active channel list, as of one catalog version. */
  channelList: (catalog: Version) => `${CACHE_PREFIX}:channels:c${catalog}`,
  /** One channel's schedule for one UTC day (YYYY-MM-DD), as of one channel version. */
  channelDay: (channelId: string, channel: Version, day: string) =>
    `${CACHE_PREFIX}:epg:${channelId}:v${channel}:${day}`,
} as const;

/** Parses a version read from Redis (string, number or nil) into a number; nil is 0. */
export function parseVersion(raw: unknown): Version {
  const n = typeof raw === "number" ? raw : Number(raw ?? 0);
  return Number.isSafeInteger(n) && n >= 0 ? n : 0;
}
