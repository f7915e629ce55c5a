import * as v from "valibot";
import { Uuid } from "./common.ts";
import { IsoInstant } from "./iso-instant.ts";
import { SafeName } from "./safe-text.ts";

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
