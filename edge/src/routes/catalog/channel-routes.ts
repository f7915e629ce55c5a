/** GET /v1/channels and /v1/channels/:id — the public line-up, from the edge caches. */
import { ChannelIdParams, ChannelList, notFound, PublicChannel } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { describeRoute } from "hono-openapi";
import type { CachedBody } from "../../cache/tiered-cache.ts";
import { readVersions, type Versions } from "../../cache/versions.ts";
import { listActiveChannels } from "../../db/catalog-queries.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import { cachedJson } from "../../http/cached-json.ts";
import { etagOf } from "../../http/etag.ts";
import { jsonResponse, problemResponse } from "../../http/openapi-docs.ts";
import { validated } from "../../http/validated.ts";
import type { EdgeServices } from "../../services.ts";

export const CATALOG_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=300, stale-if-error=86400";

/** The active channel list through the cache tiers (also used by other routes). */
export async function readChannelList(services: EdgeServices, known?: Versions | null): Promise<CachedBody> {
  const { cache, db, keys } = services;
  const versions = known === undefined ? await readVersions(services) : known;
  return cache.read(versions && keys.data.channelList(versions.catalog), "channels", async () => ({
    channels: await db.run(listActiveChannels),
  }));
}

export const channelRoutes = new Hono<EdgeEnv>()
  .get(
    "/",
    describeRoute({
      tags: ["Channels"],
      summary: "Active channels, ordered by channel number",
      responses: { 200: jsonResponse("The channel list", ChannelList), 304: { description: "Not modified" } },
    }),
    async (c) => cachedJson(c, await readChannelList(c.var.services), CATALOG_CACHE_CONTROL),
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
      const { id } = c.req.valid("param");
      // One channel is a slice of the cached list: no extra query, same invalidation.
      const list = await readChannelList(c.var.services);
      const channel = (JSON.parse(list.body) as ChannelList).channels.find((ch) => ch.id === id);
      if (!channel) throw notFound("Channel");
      const body = JSON.stringify(channel);
      return cachedJson(c, { body, etag: await etagOf(body), source: list.source }, CATALOG_CACHE_CONTROL);
    },
  );
