import * as v from "valibot";
import { Uuid } from "./common.ts";
import { IsoInstant, parseIsoInstant } from "./iso-instant.ts";
import { ProblemError } from "./problem-error.ts";

export const Programme = v.object({
  id: Uuid,
  start: IsoInstant,
  end: IsoInstant,
  title: v.string(),
  subtitle: v.nullable(v.string()),
  description: v.nullable(v.string()),
  categories: v.array(v.string()),
  season: v.nullable(v.number()),
  episode: v.nullable(v.number()),
  episodeOnscreen: v.nullable(v.string()),
  rating: v.nullable(v.string()),
  imageUrl: v.nullable(v.string()),
});
export type Programme = v.InferOutput<typeof Programme>;

export const MAX_SCHEDULE_WINDOW_HOURS = 7 * 24;
export const MAX_GRID_WINDOW_HOURS = 24;
export const MAX_GRID_CHANNELS = 100;

const hours = (h: number) => h * 3_600_000;

/**
 * How far from now the guide reaches, in days: what ingestion accepts as plausible (configurable
 * there, these are the defaults) and the range EPG queries may ask about.
 */
export const GUIDE_PAST_DAYS = 14;
export const GUIDE_FUTURE_DAYS = 31;

const DAY_MS = 86_400_000;

/** The instants EPG queries may name, as of `now`: [now − GUIDE_PAST_DAYS, now + GUIDE_FUTURE_DAYS]. */
export function guideRange(now = Date.now()): { from: number; to: number } {
  return { from: now - GUIDE_PAST_DAYS * DAY_MS, to: now + GUIDE_FUTURE_DAYS * DAY_MS };
}

/**
 * An instant of an EPG query: strict ISO 8601, inside the guide's range. Bounding the instants
 * bounds what the cache can be asked to hold (see cache-keys.ts).
 */
export const GuideInstant = v.pipe(
  IsoInstant,
  v.check((text) => {
    const ms = parseIsoInstant(text);
    if (typeof ms !== "number") return true; // IsoInstant has said why
    const range = guideRange();
    return ms >= range.from && ms <= range.to;
  }, `must lie between ${GUIDE_PAST_DAYS} days before and ${GUIDE_FUTURE_DAYS} days after now`),
);

/** `from`/`to` as ISO instants; both optional (the edge picks defaults). See `checkWindow`. */
export const ScheduleQuery = v.object({ from: v.optional(GuideInstant), to: v.optional(GuideInstant) });
export type ScheduleQuery = v.InferOutput<typeof ScheduleQuery>;

/** A `channels` query parameter: comma-separated channel ids, 1 to MAX_GRID_CHANNELS of them. */
export const ChannelIdList = v.pipe(
  v.string(),
  v.transform((s) => s.split(",").filter(Boolean)),
  v.array(Uuid),
  v.minLength(1, "must name at least one channel"),
  v.maxLength(MAX_GRID_CHANNELS, `may name at most ${MAX_GRID_CHANNELS} channels`),
);

export const GridQuery = v.object({
  from: v.optional(GuideInstant),
  to: v.optional(GuideInstant),
  /** Comma-separated channel ids; omitted means every active channel (up to the maximum). */
  channels: v.optional(ChannelIdList),
});
export type GridQuery = v.InferOutput<typeof GridQuery>;

/** The window rule both EPG reads share: `to` later than `from`, at most `maxHours` apart. */
export function checkWindow(from: Date, to: Date, maxHours: number): void {
  const fail = (message: string) => {
    throw new ProblemError(400, "validation", "Request validation failed", {
      detail: `to: ${message}`,
      errors: [{ field: "to", message }],
    });
  };
  if (to.getTime() <= from.getTime()) fail("must be later than from");
  if (to.getTime() - from.getTime() > hours(maxHours)) fail(`the window may span at most ${maxHours} hours`);
}

export const NowQuery = v.object({ at: v.optional(GuideInstant) });

export const NowNextEntry = v.object({
  channelId: Uuid,
  now: v.nullable(Programme),
  next: v.nullable(Programme),
});
export const NowNextResponse = v.object({ at: IsoInstant, channels: v.array(NowNextEntry) });
export type NowNextResponse = v.InferOutput<typeof NowNextResponse>;

export const ChannelSchedule = v.object({
  channelId: Uuid,
  from: IsoInstant,
  to: IsoInstant,
  programmes: v.array(Programme),
});
export type ChannelSchedule = v.InferOutput<typeof ChannelSchedule>;

export const GridResponse = v.object({
  from: IsoInstant,
  to: IsoInstant,
  channels: v.array(v.object({ channelId: Uuid, programmes: v.array(Programme) })),
});
export type GridResponse = v.InferOutput<typeof GridResponse>;
