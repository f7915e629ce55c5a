/**
 * POST /v1/channels/:id/playback — start watching a channel, live or time-shifted (restart of the
 * programme on air, catch-up of a past one): geo rules, the channel's restart/catch-up rights, the
 * per-account start rate and stream limit, then signed CloudFront access to exactly that resource
 * (cookies + signed master playlist URL) and a session the player keeps alive with heartbeats.
 */
import { describeRoute, jsonResponse, problemResponse, validated } from "@seeyoo/http";
import {
  ChannelIdParams,
  found,
  type PlaybackRequest,
  PlaybackRequest as PlaybackRequestSchema,
  type PlaybackResponse,
  PlaybackResponse as PlaybackSchema,
  type Programme,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireAccount } from "../../auth/require-account.ts";
import { findPlayableChannel } from "../../db/catalog-queries.ts";
import { findChannelProgramme, type ProgrammeLookup } from "../../db/programme-queries.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import { assertGeoAllowed, viewerCountry } from "../../playback/geo-rules.ts";
import { grantPlayback } from "../../playback/playback-grant.ts";
import { type SessionRecord, TooManyStreamsError, tooManyStarts } from "../../playback/stream-sessions.ts";
import { planTimeShift, type TimeShift } from "../../playback/time-shift-plan.ts";

const lookupOf = (request: PlaybackRequest): ProgrammeLookup | null => {
  if (request.programmeId) return { programmeId: request.programmeId };
  if (request.startAt) return { at: new Date(request.startAt) };
  return null;
};

const iso = (ms: number) => new Date(ms).toISOString();

export const channelPlaybackRoutes = new Hono<EdgeEnv>().post(
  "/:id/playback",
  describeRoute({
    tags: ["Playback"],
    summary: "Start watching a channel — live, restart or catch-up: signed CDN access and a stream session",
    description:
      "Without a body: live. With `programmeId` (or `startAt`, the instant whose programme to play from " +
      "that instant on): the programme on air restarts (`kind: restart`, a manifest from its start that " +
      "keeps growing at the live edge) when the channel's `restartAllowed`; a programme that ended plays as " +
      "catch-up (`kind: catchup`, a fixed manifest closed with #EXT-X-ENDLIST) while its start lies within " +
      "the channel's `catchupHours`. Sets CloudFront signed cookies and returns the master playlist URL with " +
      "the same signed policy as query parameters, covering exactly what was granted. Channels restricted to " +
      "some countries refuse viewers elsewhere (and viewers whose country is unknown) with 451. Starts are " +
      "limited per account (PLAYBACK_STARTS_PER_MINUTE, default 6 in any 60 s) and so are concurrent streams.",
    responses: {
      200: jsonResponse("Signed access and the new session", PlaybackSchema),
      400: problemResponse("Malformed channel id or body"),
      403: problemResponse(
        "Not allowed by the channel's rights: `restart-not-allowed`, `catchup-not-allowed`, " +
          "`outside-catchup-window`, or `programme-not-aired` (a future programme or instant)",
      ),
      404: problemResponse("No such active channel, or no such programme on it"),
      415: problemResponse("A body that is not application/json"),
      429: problemResponse(
        "Too many concurrent streams on this account (`too-many-streams`, `limit` names the limit) " +
          "or too many starts within a minute (`rate-limited`, with Retry-After)",
      ),
      451: problemResponse("Not available in the viewer's country"),
      503: problemResponse("Database unreachable; retry after the given seconds"),
    },
  }),
  requireAccount,
  validated("param", ChannelIdParams),
  validated("json", PlaybackRequestSchema, { optionalBody: true }),
  // After the validator, whose document says the body is required: here it is not (none = live).
  describeRoute({ requestBody: { required: false, content: {} } }),
  async (c) => {
    const { id } = c.req.valid("param");
    const lookup = lookupOf(c.req.valid("json"));
    const { settings, services, viewer } = c.var;
    const { channel, programme } = await services.db.run(async (db) => {
      const channel = await findPlayableChannel(db, id);
      const programme = channel && lookup ? await findChannelProgramme(db, id, lookup) : undefined;
      return { channel, programme };
    });
    const playable = found(channel, "Channel");
    assertGeoAllowed(playable.allowedCountries, viewerCountry(c.req.raw));

    let shown: Programme | null = null;
    let timeShift: TimeShift | null = null;
    if (lookup) {
      shown = found(programme, "Programme");
      const times = { startMs: Date.parse(shown.start), endMs: Date.parse(shown.end) };
      // Whole seconds: the CDN's `start` has that precision, and the answer says what the URL holds.
      const startAt = "at" in lookup ? Math.floor(lookup.at.getTime() / 1000) * 1000 : undefined;
      timeShift = planTimeShift(times, playable, Date.now(), startAt);
    }
    const record: SessionRecord = { channelId: playable.id, hlsPath: playable.hlsPath, timeShift };

    // Sign before taking a slot: a signing failure must not leave a session behind.
    const grant = await grantPlayback(settings, record, new URL(c.req.url).hostname);
    const session = await services.streams.start(viewer.id, record);
    if (session.outcome === "limitReached") throw new TooManyStreamsError(session.limit);
    if (session.outcome === "rateLimited") throw tooManyStarts(session.retryAfterSeconds);

    for (const cookie of grant.cookies) c.header("set-cookie", cookie, { append: true });
    const body: PlaybackResponse = {
      url: grant.url,
      expiresAt: grant.expiresAt.toISOString(),
      sessionId: session.sessionId,
      sessionExpiresAt: session.expiresAt.toISOString(),
      heartbeatIntervalSeconds: settings.heartbeatIntervalSeconds,
      kind: timeShift?.kind ?? "live",
      programme: shown,
      window: timeShift && {
        start: iso(timeShift.startMs),
        end: timeShift.endMs === null ? null : iso(timeShift.endMs),
      },
    };
    return c.json(body, 200);
  },
);
