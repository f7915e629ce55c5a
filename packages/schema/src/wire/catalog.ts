import * as v from "valibot";
import { Uuid } from "./common.ts";

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
});
export type PublicChannel = v.InferOutput<typeof PublicChannel>;

export const ChannelList = v.object({ channels: v.array(PublicChannel) });
export type ChannelList = v.InferOutput<typeof ChannelList>;

export const ChannelIdParams = v.object({ id: Uuid });
