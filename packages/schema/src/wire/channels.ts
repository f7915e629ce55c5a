import * as v from "valibot";
import { MAX_CATCHUP_HOURS, PublicChannel } from "./catalog.ts";
import { IsoInstant } from "./iso-instant.ts";
import { SafeName, SafeText } from "./safe-text.ts";

const CountryCode = v.pipe(
  v.string(),
  v.regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code in capitals"),
);

export const Slug = v.pipe(
  v.string("must be a string"),
  v.minLength(1, "must not be empty"),
  v.maxLength(128),
  v.regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, "may hold letters, digits, '.', '_' and '-'"),
);

/** A path on the CDN (the channel's folder), never a full URL: the edge adds the host. */
export const HlsPath = v.pipe(
  v.string("must be a string"),
  v.maxLength(512),
  v.regex(/^\/[A-Za-z0-9._~\-/]*[A-Za-z0-9._~-]$/, "must be an absolute path such as /live/ch1"),
  v.check((p) => !p.split("/").includes(".."), "must not contain '..'"),
);

const HttpUrl = v.pipe(
  v.string(),
  v.maxLength(2048),
  v.url("must be a URL"),
  v.regex(/^https?:\/\//, "must be http(s)"),
);

const channelFields = {
  slug: Slug,
  number: v.pipe(
    v.number("must be a number"),
    v.integer("must be an integer"),
    v.minValue(1),
    v.maxValue(99999),
  ),
  name: SafeName(200),
  logoUrl: v.nullable(HttpUrl),
  hlsPath: HlsPath,
  category: v.nullable(SafeText(100)),
  allowedCountries: v.pipe(v.array(CountryCode), v.maxLength(250)),
  active: v.boolean("must be true or false"),
  restartAllowed: v.boolean("must be true or false"),
  catchupHours: v.pipe(
    v.number("must be a number"),
    v.integer("must be an integer"),
    v.minValue(0, "must be 0 (no catch-up) or more"),
    v.maxValue(MAX_CATCHUP_HOURS, `must be at most ${MAX_CATCHUP_HOURS} (seven days)`),
  ),
};

export const CreateChannelRequest = v.strictObject({
  slug: channelFields.slug,
  number: channelFields.number,
  name: channelFields.name,
  hlsPath: channelFields.hlsPath,
  logoUrl: v.optional(channelFields.logoUrl, null),
  category: v.optional(channelFields.category, null),
  allowedCountries: v.optional(channelFields.allowedCountries, []),
  active: v.optional(channelFields.active, true),
  restartAllowed: v.optional(channelFields.restartAllowed, false),
  catchupHours: v.optional(channelFields.catchupHours, 0),
});
export type CreateChannelRequest = v.InferOutput<typeof CreateChannelRequest>;

export const UpdateChannelRequest = v.pipe(
  v.strictObject({
    slug: v.optional(channelFields.slug),
    number: v.optional(channelFields.number),
    name: v.optional(channelFields.name),
    hlsPath: v.optional(channelFields.hlsPath),
    logoUrl: v.optional(channelFields.logoUrl),
    category: v.optional(channelFields.category),
    allowedCountries: v.optional(channelFields.allowedCountries),
    active: v.optional(channelFields.active),
    restartAllowed: v.optional(channelFields.restartAllowed),
    catchupHours: v.optional(channelFields.catchupHours),
  }),
  v.check((body) => Object.keys(body).length > 0, "must change at least one field"),
);
export type UpdateChannelRequest = v.InferOutput<typeof UpdateChannelRequest>;

/** A channel as the admin API shows it: what viewers see, plus where it streams from and its state. */
export const AdminChannel = v.object({
  ...PublicChannel.entries,
  hlsPath: v.string(),
  active: v.boolean(),
  createdAt: IsoInstant,
  updatedAt: IsoInstant,
});
export type AdminChannel = v.InferOutput<typeof AdminChannel>;

export const AdminChannelList = v.object({ channels: v.array(AdminChannel) });
export type AdminChannelList = v.InferOutput<typeof AdminChannelList>;
