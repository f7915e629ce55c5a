/** GET /v1/channels and /v1/channels/:id — the public line-up, from the edge caches. */
import { describeRoute, jsonResponse, problemResponse, validated } from "@seeyoo/http";
import { ChannelIdParams, ChannelList, found, PublicChannel } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import type { EdgeEnv } from "../../edge-env.ts";
import { cachedJson } from "../../http/cached-json.ts";

const CATALOG_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400";

export const channelRoutes = new Hono<EdgeEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Channels"],
      summary: "Active channels, ordered by channel number",
      responses: { 200: jsonResponse("The channel list", ChannelList), 304: { description: "Not modified" } },
    }),
    async (c) => cachedJson(c, await c.var.services.catalog.channelList(), CATALOG_CACHE_CONTROL),
  )
  .get(
    "/:id",
    describeRoute({
      tags: ["Channels"],
      summary: "One active channel",
      responses: {
        200: jsonResponse("The channel", PublicChannel),
        304: { description: "Not modified" },
        400: problemResponse("Malformed id"),
        404: problemResponse("No such active channel"),
      },
    }),
    validated("param", ChannelIdParams),
    async (c) => {
      const channel = found(await c.var.services.catalog.channel(c.req.valid("param").id), "Channel");
      return cachedJson(c, channel, CATALOG_CACHE_CONTROL);
    },
  );
