/**
 * /v1/me/favorites — the signed-in viewer's favourite channels: written in Postgres through the
 * Neon driver, read through the per-user cache tier (me/viewer-data.ts), which every write here
 * updates before answering.
 */
import { jsonResponse, problemResponse, routeDescriber, type TokenHolder, validated } from "@seeyoo/http";
import {
  FavoriteList,
  FavoriteParams,
  notFound,
  ProblemError,
  ReplaceFavoritesRequest,
} from "@seeyoo/schema/wire";
import type { Context } from "hono";
import { Hono } from "hono";
import { requireAccount } from "../../auth/require-account.ts";
import { requireViewer } from "../../auth/require-viewer.ts";
import * as favorites from "../../db/favorites-store.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import type { ViewerAnswer } from "../../me/viewer-data.ts";

const errors = {
  400: problemResponse("Malformed request"),
  404: problemResponse("Unknown channel"),
  503: problemResponse("Database unreachable; retry after the given seconds"),
};

const describe = routeDescriber("Favourites", errors);
const theList = (description: string) => jsonResponse(description, FavoriteList);

type ViewerContext = Context<EdgeEnv & { Variables: { viewer: TokenHolder } }>;

/** The user's list, from the per-user tier (the tier that answered in `x-seeyoo-cache`). */
function respondWith(c: ViewerContext, answer: ViewerAnswer) {
  return c.body(answer.body, 200, { "content-type": "application/json", "x-seeyoo-cache": answer.source });
}

async function ensureChannels(c: ViewerContext, ids: string[], field: string) {
  const unknown = await c.var.services.db.run((db) => favorites.unknownChannelIds(db, ids));
  if (unknown.length === 0) return;
  if (field === "channelId") throw notFound("Channel");
  throw new ProblemError(404, "notFound", "Channel not found", {
    detail: `Unknown channels: ${unknown.join(", ")}`,
    errors: [{ field, message: `unknown: ${unknown.join(", ")}` }],
  });
}

/** Adds or removes one favourite of the signed-in viewer, after checking the channel exists. */
const changeOne =
  (change: typeof favorites.add, respond: (c: ViewerContext, answer: ViewerAnswer) => Response) =>
  async (c: Context<EdgeEnv & { Variables: { viewer: TokenHolder } }, "/:channelId">) => {
    const channelId = c.req.param("channelId");
    await ensureChannels(c, [channelId], "channelId");
    const userId = c.var.viewer.id;
    return respond(
      c,
      await c.var.services.viewer.changeFavorites(userId, (db) => change(db, userId, channelId)),
    );
  };

export const favoriteRoutes = new Hono<EdgeEnv>()
  .get(
    "/",
    describe("My favourite channels, in my order", { 200: theList("The favourites") }),
    requireViewer,
    async (c) => respondWith(c, await c.var.services.viewer.favorites(c.var.viewer.id)),
  )
  .put(
    "/",
    describe("Replace and reorder all my favourites at once", {
      200: theList("The new list"),
      415: problemResponse("Not JSON"),
    }),
    requireAccount,
    validated("json", ReplaceFavoritesRequest),
    async (c) => {
      const { channelIds } = c.req.valid("json");
      await ensureChannels(c, channelIds, "channelIds");
      const userId = c.var.viewer.id;
      return respondWith(
        c,
        await c.var.services.viewer.changeFavorites(userId, (db) =>
          favorites.replace(db, userId, channelIds),
        ),
      );
    },
  )
  .put(
    "/:channelId",
    describe("Add a channel at the end of my favourites (idempotent)", {
      200: theList("The list after adding"),
    }),
    requireAccount,
    validated("param", FavoriteParams),
    changeOne(favorites.add, respondWith),
  )
  .delete(
    "/:channelId",
    describe("Remove a channel from my favourites", {
      204: { description: "Removed (or was not a favourite)" },
    }),
    requireAccount,
    validated("param", FavoriteParams),
    changeOne(favorites.remove, (c) => c.body(null, 204)),
  );
