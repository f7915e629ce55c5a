/**
 * /v1/me/favorites — the signed-in viewer's favourite channels (read and written in Postgres
 * through the Neon driver; never cached, they are personal).
 */
import { describeRoute, jsonResponse, problemResponse, type TokenHolder, validated } from "@seeyoo/http";
import {
  FavoriteList,
  FavoriteParams,
  notFound,
  ProblemError,
  ReplaceFavoritesRequest,
} from "@seeyoo/schema/wire";
import type { Context } from "hono";
import { Hono } from "hono";
import { requireViewer } from "../../auth/require-viewer.ts";
import {
  addFavorite,
  listFavorites,
  removeFavorite,
  replaceFavorites,
  unknownChannelIds,
} from "../../db/favorites-store.ts";
import type { EdgeEnv } from "../../edge-env.ts";

const PRIVATE = "private, no-store";

const errors = {
  400: problemResponse("Malformed request"),
  404: problemResponse("Unknown channel"),
  503: problemResponse("Database unreachable; retry after the given seconds"),
};

type ViewerContext = Context<EdgeEnv & { Variables: { viewer: TokenHolder } }>;

async function respondWithList(c: ViewerContext) {
  const channels = await c.var.services.db.run((db) => listFavorites(db, c.var.viewer.id));
  c.header("cache-control", PRIVATE);
  return c.json({ channels });
}

async function ensureChannels(c: ViewerContext, ids: string[], field: string) {
  const unknown = await c.var.services.db.run((db) => unknownChannelIds(db, ids));
  if (unknown.length === 0) return;
  if (field === "channelId") throw notFound("Channel");
  throw new ProblemError(404, "notFound", "Channel not found", {
    detail: `Unknown channels: ${unknown.join(", ")}`,
    errors: [{ field, message: `unknown: ${unknown.join(", ")}` }],
  });
}

export const favoriteRoutes = new Hono<EdgeEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Favourites"],
      summary: "My favourite channels, in my order",
      responses: { 200: jsonResponse("The favourites", FavoriteList), ...errors },
    }),
    requireViewer,
    (c) => respondWithList(c),
  )
  .put(
    "/",
    describeRoute({
      tags: ["Favourites"],
      summary: "Replace and reorder all my favourites at once",
      responses: {
        200: jsonResponse("The new list", FavoriteList),
        415: problemResponse("Not JSON"),
        ...errors,
      },
    }),
    requireViewer,
    validated("json", ReplaceFavoritesRequest),
    async (c) => {
      const { channelIds } = c.req.valid("json");
      await ensureChannels(c, channelIds, "channelIds");
      await c.var.services.db.run((db) => replaceFavorites(db, c.var.viewer.id, channelIds));
      return respondWithList(c);
    },
  )
  .put(
    "/:channelId",
    describeRoute({
      tags: ["Favourites"],
      summary: "Add a channel at the end of my favourites (idempotent)",
      responses: { 200: jsonResponse("The list after adding", FavoriteList), ...errors },
    }),
    requireViewer,
    validated("param", FavoriteParams),
    async (c) => {
      const { channelId } = c.req.valid("param");
      await ensureChannels(c, [channelId], "channelId");
      await c.var.services.db.run((db) => addFavorite(db, c.var.viewer.id, channelId));
      return respondWithList(c);
    },
  )
  .delete(
    "/:channelId",
    describeRoute({
      tags: ["Favourites"],
      summary: "Remove a channel from my favourites",
      responses: { 204: { description: "Removed (or was not a favourite)" }, ...errors },
    }),
    requireViewer,
    validated("param", FavoriteParams),
    async (c) => {
      const { channelId } = c.req.valid("param");
      await ensureChannels(c, [channelId], "channelId");
      await c.var.services.db.run((db) => removeFavorite(db, c.var.viewer.id, channelId));
      return c.body(null, 204);
    },
  );
