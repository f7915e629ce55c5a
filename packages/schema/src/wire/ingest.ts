/**
 * EPG ingestion on the wire: the JSON schedule format providers may post instead of XMLTV, the
 * report every post is answered with, and the admin view of recorded runs. Semantics are
 * described in docs/ingestion.md.
 */
import * as v from "valibot";
import { Uuid } from "./common.ts";
import { IsoInstant } from "./iso-instant.ts";
import { MAX_PROVIDER_CHANNEL_ID } from "./providers.ts";
import { SafeText } from "./safe-text.ts";

const NonEmptyText = (max: number) => v.pipe(SafeText(max), v.minLength(1, "must not be empty"));
const EpisodeNumber = v.pipe(
  v.number("must be a number"),
  v.integer("must be an integer"),
  v.minValue(0),
  v.maxValue(999_999),
);

/**
 * One schedule entry; `channel` is the provider's own id of the channel (as in XMLTV), which an
 * admin assigned to one of our channels.
 */
export const IngestJsonProgramme = v.strictObject({
  channel: NonEmptyText(MAX_PROVIDER_CHANNEL_ID),
  start: IsoInstant,
  stop: IsoInstant,
  title: NonEmptyText(1000),
  subtitle: v.optional(v.nullable(SafeText(1000))),
  description: v.optional(v.nullable(SafeText(20_000))),
  categories: v.optional(v.pipe(v.array(NonEmptyText(200)), v.maxLength(50))),
  season: v.optional(v.nullable(EpisodeNumber)),
  episode: v.optional(v.nullable(EpisodeNumber)),
  episodeOnscreen: v.optional(v.nullable(SafeText(100))),
  rating: v.optional(v.nullable(SafeText(100))),
  image: v.optional(v.nullable(SafeText(2048))),
});
export type IngestJsonProgramme = v.InferOutput<typeof IngestJsonProgramme>;

/** Declared channels are optional and only counted (seen); programmes carry the channel id. */
export const IngestJsonChannel = v.strictObject({
  id: NonEmptyText(MAX_PROVIDER_CHANNEL_ID),
  displayName: v.optional(v.nullable(SafeText(200))),
});
export type IngestJsonChannel = v.InferOutput<typeof IngestJsonChannel>;

/**
 * The whole document. The origin streams it (each array element is validated on its own as it
 * arrives), so this schema names the shape rather than being applied in one piece.
 */
export const IngestJsonDocument = v.strictObject({
  channels: v.optional(v.array(IngestJsonChannel)),
  programmes: v.array(IngestJsonProgramme),
});
export type IngestJsonDocument = v.InferOutput<typeof IngestJsonDocument>;

export const IngestRunStatus = v.picklist(["succeeded", "unchanged", "failed", "rejected"]);
export type IngestRunStatus = v.InferOutput<typeof IngestRunStatus>;

export const IngestWarning = v.object({
  code: v.string(),
  message: v.string(),
  /** XMLTV: the element and the line of its start tag. JSON: the element's path. */
  element: v.optional(v.string()),
  line: v.optional(v.number()),
  path: v.optional(v.string()),
});
export type IngestWarning = v.InferOutput<typeof IngestWarning>;

export const IngestReport = v.object({
  runId: Uuid,
  status: IngestRunStatus,
  format: v.picklist(["xmltv", "json"]),
  /** True when the post was byte-identical to what is already applied: nothing was written. */
  unchanged: v.boolean(),
  contentHash: v.nullable(v.string()),
  bytes: v.number(),
  channels: v.object({
    /** Distinct channel ids the document declares or schedules. */
    seen: v.number(),
    /**
     * Channel ids with programmes in the post that are not assigned to the posting provider
     * (capped like warnings): nothing was written for them.
     */
    notAssigned: v.array(v.string()),
    /** How many distinct ids `notAssigned` would list without the cap. */
    notAssignedCount: v.number(),
    /** Channels whose stored schedule this post changed (their cache versions were bumped). */
    changed: v.number(),
  }),
  programmes: v.object({
    received: v.number(),
    inserted: v.number(),
    /** Stored programmes with the same channel, start and end whose content was replaced. */
    updated: v.number(),
    deleted: v.number(),
    /** Stored programmes straddling a window edge, cut back to the part outside the window. */
    trimmed: v.number(),
    /** Stored programmes identical to one in the post: left untouched. */
    unchanged: v.number(),
    rejected: v.number(),
  }),
  rejectedByReason: v.record(v.string(), v.number()),
  warnings: v.array(IngestWarning),
  warningsDropped: v.number(),
  durationMs: v.number(),
  /** Set for rejected and failed runs. */
  error: v.optional(v.string()),
});
export type IngestReport = v.InferOutput<typeof IngestReport>;

export const IngestRunSummary = v.object({
  id: Uuid,
  providerId: v.nullable(Uuid),
  format: v.picklist(["xmltv", "json"]),
  status: IngestRunStatus,
  contentHash: v.nullable(v.string()),
  programmesInserted: v.number(),
  programmesUpdated: v.number(),
  programmesDeleted: v.number(),
  programmesRejected: v.number(),
  bytes: v.number(),
  durationMs: v.number(),
  startedAt: IsoInstant,
});
export type IngestRunSummary = v.InferOutput<typeof IngestRunSummary>;

export const IngestRunList = v.object({ runs: v.array(IngestRunSummary) });
export type IngestRunList = v.InferOutput<typeof IngestRunList>;

export const IngestRunDetail = v.object({ ...IngestRunSummary.entries, report: v.unknown() });
export type IngestRunDetail = v.InferOutput<typeof IngestRunDetail>;

export const MAX_INGEST_RUNS_PAGE = 100;

export const IngestRunsQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, "must be a whole number"),
      v.transform(Number),
      v.minValue(1),
      v.maxValue(MAX_INGEST_RUNS_PAGE, `must be at most ${MAX_INGEST_RUNS_PAGE}`),
    ),
    "20",
  ),
  providerId: v.optional(Uuid),
});
export type IngestRunsQuery = v.InferOutput<typeof IngestRunsQuery>;
