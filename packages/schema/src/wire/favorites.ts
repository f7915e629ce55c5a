import * as v from "valibot";
import { PublicChannel } from "./catalog.ts";
import { Uuid } from "./common.ts";

export const FavoriteParams = v.object({ channelId: Uuid });

export const ReplaceFavoritesRequest = v.strictObject({
  channelIds: v.pipe(
    v.array(Uuid),
    v.maxLength(500, "may hold at most 500 channels"),
    v.check((ids) => new Set(ids).size === ids.length, "must not repeat a channel"),
  ),
});
export type ReplaceFavoritesRequest = v.InferOutput<typeof ReplaceFavoritesRequest>;

/** The signed-in user's favourite channels, in their order. */
export const FavoriteList = v.object({ channels: v.array(PublicChannel) });
export type FavoriteList = v.InferOutput<typeof FavoriteList>;
