import * as v from "valibot";
import { Uuid } from "./common.ts";

/** The longest catch-up window a broadcaster may grant: seven days. */
export const MAX_CATCHUP_HOURS = 168;

/**
 * How clients tell which guide entries play again, from data that is the same for every viewer (so
 * guide responses stay cacheable): the rule the edge applies when it grants catch-up.
 */
export const REPLAYABLE_RULE =
  "A programme is replayable when it has ended (end <= now) and its start is at most catchupHours " +
  "hours ago (start >= now - catchupHours h); the programme on air (start <= now < end) can be " +
  "restarted when restartAllowed is true.";

/** A channel as viewers see it (no CDN path: playback hands out signed URLs instead). */
export const PublicChannel = v.object({
  id: Uuid,
  slug: v.string(),
  number: v.pipe(v.number(), v.integer()),
  name: v.string(),
  logoUrl: v.nullable(v.pipe(v.string(), v.url())),
  category: v.nullable(v.string()),
  /** ISO country codes where the channel may be watched; empty means everywhere. */
  allowedCountries: v.array(v.string()),
  restartAllowed: v.pipe(
    v.boolean(),
    v.description(
      "Whether the programme on air may be watched from its beginning (POST /v1/channels/{id}/playback with its programmeId).",
    ),
  ),
  catchupHours: v.pipe(
    v.number(),
    v.integer(),
    v.description(
      `How many hours back past programmes may be played again (0 = none, at most ${MAX_CATCHUP_HOURS}). ` +
        REPLAYABLE_RULE,
    ),
  ),
});
export type PublicChannel = v.InferOutput<typeof PublicChannel>;

export const ChannelList = v.object({ channels: v.array(PublicChannel) });
export type ChannelList = v.InferOutput<typeof ChannelList>;

export const ChannelIdParams = v.object({ id: Uuid });
