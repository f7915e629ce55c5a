import * as v from "valibot";
import { Uuid } from "./common.ts";
import { IsoInstant } from "./iso-instant.ts";
import { SafeName, SafeText } from "./safe-text.ts";

/** Longest provider channel id (the database column is varchar(256)). */
export const MAX_PROVIDER_CHANNEL_ID = 256;

export const CreateProviderRequest = v.strictObject({
  name: SafeName(200),
});
export type CreateProviderRequest = v.InferOutput<typeof CreateProviderRequest>;

/** Returned once, at creation: the only time the API key is ever shown. */
export const CreatedProvider = v.object({ id: Uuid, name: v.string(), apiKey: v.string() });
export type CreatedProvider = v.InferOutput<typeof CreatedProvider>;

export const Provider = v.object({
  id: Uuid,
  name: v.string(),
  /** The first characters of the key, to tell keys apart (the key itself is never shown again). */
  apiKeyPrefix: v.string(),
  createdAt: IsoInstant,
  revokedAt: v.nullable(IsoInstant),
});
export type Provider = v.InferOutput<typeof Provider>;

export const ProviderList = v.object({ providers: v.array(Provider) });
export type ProviderList = v.InferOutput<typeof ProviderList>;

/**
 * The id a provider uses for one of our channels in its posts — the XMLTV `channel` id
 * (`DasErste.de`, `CNN.us@HD`), or `channel` in the JSON format. Matched exactly (case and all),
 * so surrounding whitespace is refused rather than silently trimmed into another id.
 */
export const ProviderChannelId = v.pipe(
  SafeText(MAX_PROVIDER_CHANNEL_ID),
  v.minLength(1, "must not be empty"),
  v.check((id) => id.trim() === id, "must not start or end with whitespace"),
);

export const AssignChannelRequest = v.strictObject({ providerChannelId: ProviderChannelId });
export type AssignChannelRequest = v.InferOutput<typeof AssignChannelRequest>;

export const ProviderChannelParams = v.object({ id: Uuid, channelId: Uuid });
export type ProviderChannelParams = v.InferOutput<typeof ProviderChannelParams>;

/** One of our channels assigned to a provider, under the provider's own id for it. */
export const ProviderChannel = v.object({
  channelId: Uuid,
  providerChannelId: v.string(),
  /** Our channel, for people reading the list. */
  slug: v.string(),
  name: v.string(),
  assignedAt: IsoInstant,
});
export type ProviderChannel = v.InferOutput<typeof ProviderChannel>;

export const ProviderChannelList = v.object({ channels: v.array(ProviderChannel) });
export type ProviderChannelList = v.InferOutput<typeof ProviderChannelList>;
