import * as v from "valibot";
import { REPLAYABLE_RULE } from "./catalog.ts";
import { Uuid } from "./common.ts";
import { Programme } from "./epg.ts";
import { IsoInstant } from "./iso-instant.ts";

/**
 * What to play (the body of POST /v1/channels/{id}/playback, optional): nothing for live, a
 * programme of the channel, or an instant — the programme airing then, from that instant on.
 */
export const PlaybackRequest = v.pipe(
  v.strictObject({
    programmeId: v.optional(
      v.pipe(
        Uuid,
        v.description(
          "A programme of this channel: the one on air restarts from its beginning, a past one plays as catch-up.",
        ),
      ),
    ),
    startAt: v.optional(
      v.pipe(
        IsoInstant,
        v.description(
          "Play the programme airing at this instant, from this instant on (e.g. to resume where the viewer left off).",
        ),
      ),
    ),
  }),
  v.check((body) => !(body.programmeId && body.startAt), "give programmeId or startAt, not both"),
  v.description(`Omit the body (or send {}) for live. ${REPLAYABLE_RULE}`),
);
export type PlaybackRequest = v.InferOutput<typeof PlaybackRequest>;

export const PlaybackKind = v.picklist(["live", "restart", "catchup"]);
export type PlaybackKind = v.InferOutput<typeof PlaybackKind>;

/** The stretch of the channel's timeline a time-shifted grant covers. */
export const PlaybackWindow = v.object({
  start: IsoInstant,
  /** Null for restart: the manifest keeps growing at the live edge. */
  end: v.nullable(IsoInstant),
});
export type PlaybackWindow = v.InferOutput<typeof PlaybackWindow>;

/**
 * Access to one channel's stream. The same signed CloudFront policy comes twice: as cookies
 * (Set-Cookie, scoped to the channel's folder on the CDN) and as the `url`'s query, for players
 * that cannot send cookies. Live access covers every playlist and segment of the channel; a
 * restart or catch-up grant covers only the manifests of its window (`start`/`end` in their query)
 * and the segments they reference. It lasts until `expiresAt`, at most two heartbeat intervals.
 */
export const PlaybackResponse = v.object({
  /** The channel's master playlist on the CDN (with `start`/`end` when time-shifted) and the signed policy. */
  url: v.string(),
  /** When the signed access ends; heartbeats renew it. */
  expiresAt: IsoInstant,
  sessionId: Uuid,
  /** When the stream session ends unless a heartbeat arrives first. */
  sessionExpiresAt: IsoInstant,
  /** Send POST /v1/playback/{sessionId}/heartbeat at least this often to keep the stream. */
  heartbeatIntervalSeconds: v.number(),
  /** live: the live edge with the DVR window; restart: from the programme's start, growing; catchup: fixed, ends. */
  kind: PlaybackKind,
  /** The programme restarted or caught up; null for live. */
  programme: v.nullable(Programme),
  /** What the manifest covers; null for live (the CDN's DVR window). */
  window: v.nullable(PlaybackWindow),
});
export type PlaybackResponse = v.InferOutput<typeof PlaybackResponse>;

export const SessionParams = v.object({ sessionId: Uuid });

/** A renewed session, with freshly signed access to the same resource (new cookies are set as well). */
export const HeartbeatResponse = v.object({
  sessionId: Uuid,
  url: v.string(),
  expiresAt: IsoInstant,
  sessionExpiresAt: IsoInstant,
});
export type HeartbeatResponse = v.InferOutput<typeof HeartbeatResponse>;
