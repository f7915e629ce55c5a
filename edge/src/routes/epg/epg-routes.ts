/**
 * The programme guide, public and cached:
 *   GET /v1/epg/now                  now and next on every channel (optional ?at=)
 *   GET /v1/epg                      a grid of many channels over a window
 *   GET /v1/channels/:id/epg         one channel's schedule over a window (≤ 7 days)
 */
import { describeRoute, jsonResponse, problemResponse, validated } from "@seeyoo/http";
import {
  ChannelIdParams,
  ChannelSchedule,
  GridQuery,
  GridResponse,
  instantOf,
  MAX_GRID_CHANNELS,
  MAX_GRID_WINDOW_HOURS,
  MAX_SCHEDULE_WINDOW_HOURS,
  NowNextResponse,
  NowQuery,
  notFound,
  ScheduleQuery,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { keyDigest } from "../../cache/key-digest.ts";
import { readVersions } from "../../cache/versions.ts";
import { requireActiveChannels } from "../../catalog/channel-selection.ts";
import { nowAndNext, programmesInWindow } from "../../db/epg-queries.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import { cachedJson } from "../../http/cached-json.ts";
import { resolveWindow, startOfUtcDay, startOfUtcHour } from "./epg-window.ts";

export const GUIDE_CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=120, stale-if-error=86400";

export const epgRoutes = new Hono<EdgeEnv>()
  .get(
    "/now",
    describeRoute({
      tags: ["EPG"],
      summary: "The current and next programme of every active channel",
      description: "Without `at`, now (to the minute). With `at`, that instant (to the second).",
      responses: { 200: jsonResponse("Now and next", NowNextResponse), 400: problemResponse("Malformed at") },
    }),
    validated("query", NowQuery),
    async (c) => {
      const { at: requested } = c.req.valid("query");
      const bucketMs = requested ? 1_000 : 60_000;
      const instant = requested ? instantOf(requested).getTime() : Date.now();
      const at = new Date(Math.floor(instant / bucketMs) * bucketMs);
      const { cache, db } = c.var.services;
      const versions = await readVersions(c.var.services);
      const iso = at.toISOString();
      const entry = await cache.read(
        versions && c.var.services.keys.data.nowNext(versions.catalog, versions.epg, iso),
        requested ? `epg-now:${iso}` : "epg-now",
        () => db.run((d) => nowAndNext(d, at)),
      );
      const untilNextMinute = Math.max(1, Math.ceil((at.getTime() + 60_000 - Date.now()) / 1000));
      const maxAge = requested ? 300 : Math.min(60, untilNextMinute);
      return cachedJson(c, entry, `public, max-age=${maxAge}, stale-if-error=86400`);
    },
  )
  .get(
    "/",
    describeRoute({
      tags: ["EPG"],
      summary: "A guide grid: many channels over a window",
      description: `Window defaults to 4 hours from the current hour; at most ${MAX_GRID_WINDOW_HOURS} hours and ${MAX_GRID_CHANNELS} channels.`,
      responses: {
        200: jsonResponse("The grid", GridResponse),
        400: problemResponse("Bad window or channel list"),
        404: problemResponse("A named channel does not exist"),
      },
    }),
    validated("query", GridQuery),
    async (c) => {
      const query = c.req.valid("query");
      const { from, to } = resolveWindow(query, { anchor: startOfUtcHour, hours: 4 }, MAX_GRID_WINDOW_HOURS);
      const services = c.var.services;
      const versions = await readVersions(services);
      const active = await services.catalog.activeChannelIds(versions);
      const channelIds = query.channels ?? active.slice(0, MAX_GRID_CHANNELS);
      requireActiveChannels(channelIds, active);
      const [f, t] = [from.toISOString(), to.toISOString()];
      const digest = await keyDigest(channelIds.join(","));
      const entry = await services.cache.read(
        versions && services.keys.data.grid(versions.catalog, versions.epg, digest, f, t),
        `epg-grid:${digest}:${f}:${t}`,
        async () => {
          const byChannel = await services.db.run((d) => programmesInWindow(d, channelIds, from, to));
          return {
            from: f,
            to: t,
            channels: channelIds.map((id) => ({ channelId: id, programmes: byChannel.get(id) ?? [] })),
          };
        },
      );
      return cachedJson(c, entry, GUIDE_CACHE_CONTROL);
    },
  );

export const channelScheduleRoutes = new Hono<EdgeEnv>().get(
  "/:id/epg",
  describeRoute({
    tags: ["EPG"],
    summary: "One channel's schedule over a window",
    description: `Window defaults to the current UTC day; at most ${MAX_SCHEDULE_WINDOW_HOURS} hours.`,
    responses: {
      200: jsonResponse("The schedule", ChannelSchedule),
      400: problemResponse("Bad id or window"),
      404: problemResponse("No such active channel"),
    },
  }),
  validated("param", ChannelIdParams),
  validated("query", ScheduleQuery),
  async (c) => {
    const { id } = c.req.valid("param");
    const { from, to } = resolveWindow(
      c.req.valid("query"),
      { anchor: startOfUtcDay, hours: 24 },
      MAX_SCHEDULE_WINDOW_HOURS,
    );
    const services = c.var.services;
    const versions = await readVersions(services, id);
    if (!(await services.catalog.activeChannelIds(versions)).includes(id)) throw notFound("Channel");
    const [f, t] = [from.toISOString(), to.toISOString()];
    const entry = await services.cache.read(
      versions && services.keys.data.channelSchedule(id, versions.channel ?? 0, versions.catalog, f, t),
      `epg-channel:${id}:${f}:${t}`,
      async () => {
        const byChannel = await services.db.run((d) => programmesInWindow(d, [id], from, to));
        return { channelId: id, from: f, to: t, programmes: byChannel.get(id) ?? [] };
      },
    );
    return cachedJson(c, entry, GUIDE_CACHE_CONTROL);
  },
);
