/**
 * Where a post may write, fixed when it starts: a programme must start within
 * [now − pastDays, now + futureDays] (INGEST_PAST_DAYS / INGEST_FUTURE_DAYS, by default the guide's
 * own reach) and last at most 24 hours. Everything a post can replace or delete lies in the
 * range those programmes can cover — from the earliest start to the latest start plus 24 hours —
 * so a careless or rogue post cannot wipe history or the far future.
 */
export const MAX_PROGRAMME_HOURS = 24;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export interface IngestHorizon {
  pastDays: number;
  futureDays: number;
}

export interface PlausibleRange {
  earliestStart: Date;
  latestStart: Date;
  maxDurationMs: number;
  /** The latest instant a plausible programme can reach: nothing after it is touched. */
  writeEnd: Date;
}

export function plausibleRange(now: Date, horizon: IngestHorizon): PlausibleRange {
  const latestStart = new Date(now.getTime() + horizon.futureDays * DAY_MS);
  const maxDurationMs = MAX_PROGRAMME_HOURS * HOUR_MS;
  return {
    earliestStart: new Date(now.getTime() - horizon.pastDays * DAY_MS),
    latestStart,
    maxDurationMs,
    writeEnd: new Date(latestStart.getTime() + maxDurationMs),
  };
}
