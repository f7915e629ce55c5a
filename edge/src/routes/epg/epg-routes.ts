/**
 * The programme guide, public and cached (see guide/guide-service.ts for how):
 *   GET /v1/epg/now                  now and next on every channel (optional ?at=)
 *   GET /v1/epg                      a grid of many channels over a window
 *   GET /v1/channels/:id/epg         one channel's schedule over a window (≤ 7 days)
 * Every instant must lie within the guide's range (14 days back, 31 ahead), else 400.
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
  ScheduleQuery,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
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
      description:
        "Without `at`, now (to the minute). With `at`, exactly that instant; it must lie within 14 days before and 31 days after now.",
      responses: { 200: jsonResponse("Now and next", NowNextResponse), 400: problemResponse("Malformed at") },
    }),
    validated("query", NowQuery),
    async (c) => {
      const { at: requested } = c.req.valid("query");
      // Without `at`: this minute (one answer per minute to cache); with `at`: exactly that instant.
      const at = requested ? instantOf(requested) : new Date(Math.floor(Date.now() / 60_000) * 60_000);
      const entry = await c.var.services.guide.nowNext(at);
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
      const entry = await c.var.services.guide.grid(from, to, query.channels);
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
    return cachedJson(c, await c.var.services.guide.schedule(id, from, to), GUIDE_CACHE_CONTROL);
  },
);
