import * as v from "valibot";
import { IsoInstant, Uuid } from "./common.ts";

export const PlaybackResponse = v.object({
  /** The channel's master playlist on the CDN; the signed cookies (and query) grant access. */
  url: v.string(),
  expiresAt: IsoInstant,
  sessionId: Uuid,
  /** Send POST /v1/playback/{sessionId}/heartbeat at least this often to keep the stream. */
  heartbeatIntervalSeconds: v.number(),
});
export type PlaybackResponse = v.InferOutput<typeof PlaybackResponse>;

export const SessionParams = v.object({ sessionId: Uuid });

export const HeartbeatResponse = v.object({ sessionId: Uuid, expiresAt: IsoInstant });
export type HeartbeatResponse = v.InferOutput<typeof HeartbeatResponse>;
