import * as v from "valibot";
import { Uuid } from "./common.ts";
import { IsoInstant } from "./iso-instant.ts";

/**
 * Access to one channel's stream. The same signed CloudFront policy comes twice: as cookies
 * (Set-Cookie, scoped to the channel's folder on the CDN) and as the `url`'s query, for players
 * that cannot send cookies. It covers every playlist and segment of the channel until `expiresAt`.
 */
export const PlaybackResponse = v.object({
  /** The channel's master playlist on the CDN, with the signed policy as query parameters. */
  url: v.string(),
  /** When the signed access ends; heartbeats renew it. */
  expiresAt: IsoInstant,
  sessionId: Uuid,
  /** When the stream session ends unless a heartbeat arrives first. */
  sessionExpiresAt: IsoInstant,
  /** Send POST /v1/playback/{sessionId}/heartbeat at least this often to keep the stream. */
  heartbeatIntervalSeconds: v.number(),
});
export type PlaybackResponse = v.InferOutput<typeof PlaybackResponse>;

export const SessionParams = v.object({ sessionId: Uuid });

/** A renewed session, with freshly signed access (new cookies are set as well). */
export const HeartbeatResponse = v.object({
  sessionId: Uuid,
  url: v.string(),
  expiresAt: IsoInstant,
  sessionExpiresAt: IsoInstant,
});
export type HeartbeatResponse = v.InferOutput<typeof HeartbeatResponse>;
