/**
 * POST /v1/channels/:id/playback — start watching a channel: geo rules, the per-account stream
 * limit, then signed CloudFront access (cookies + signed master playlist URL) and a session the
 * player keeps alive with heartbeats.
 */
import { describeRoute, jsonResponse, problemResponse, validated } from "@seeyoo/http";
import {
  ChannelIdParams,
  found,
  type PlaybackResponse,
  PlaybackResponse as PlaybackSchema,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAccount } from "../../auth/require-account.ts";
import { findPlayableChannel } from "../../db/catalog-queries.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import { assertGeoAllowed, viewerCountry } from "../../playback/geo-rules.ts";
import { grantPlayback } from "../../playback/playback-grant.ts";
import { heartbeatIntervalSeconds, TooManyStreamsError } from "../../playback/stream-sessions.ts";

export const channelPlaybackRoutes = new Hono<EdgeEnv>().post(
  "/:id/playback",
  describeRoute({
    tags: ["Playback"],
    summary: "Start watching a channel: signed CDN access and a stream session",
    description:
      "Sets CloudFront signed cookies scoped to the channel's folder and returns the master playlist URL " +
      "with the same signed policy as query parameters. Channels restricted to some countries refuse " +
      "viewers elsewhere (and viewers whose country is unknown) with 451.",
    responses: {
      200: jsonResponse("Signed access and the new session", PlaybackSchema),
      400: problemResponse("Malformed channel id"),
      404: problemResponse("No such active channel"),
      429: problemResponse("Too many concurrent streams on this account (`limit` names the limit)"),
      451: problemResponse("Not available in the viewer's country"),
      503: problemResponse("Database unreachable; retry after the given seconds"),
    },
  }),
  requireAccount,
  validated("param", ChannelIdParams),
  async (c) => {
    const { id } = c.req.valid("param");
    const { settings, services, viewer } = c.var;
    const channel = found(await services.db.run((db) => findPlayableChannel(db, id)), "Channel");
    assertGeoAllowed(channel.allowedCountries, viewerCountry(c.req.raw));

    // Sign before taking a slot: a signing failure must not leave a session behind.
    const grant = await grantPlayback(settings, channel.hlsPath, new URL(c.req.url).hostname);
    const session = await services.streams.start(viewer.id, channel.hlsPath);
    if (session.outcome === "limitReached") throw new TooManyStreamsError(session.limit);

    for (const cookie of grant.cookies) c.header("set-cookie", cookie, { append: true });
    const body: PlaybackResponse = {
      url: grant.url,
      expiresAt: grant.expiresAt.toISOString(),
      sessionId: session.sessionId,
      sessionExpiresAt: session.expiresAt.toISOString(),
      heartbeatIntervalSeconds: heartbeatIntervalSeconds(settings),
    };
    return c.json(body, 200);
  },
);
