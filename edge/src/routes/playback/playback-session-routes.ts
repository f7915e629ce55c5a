/**
 * /v1/playback/:sessionId — keep a stream session alive (heartbeat, which also renews the signed
 * CDN access) or end it. A session of another account is indistinguishable from an unknown one
 * (404).
 */
import { describeRoute, jsonResponse, problemResponse, validated } from "@seeyoo/http";
import {
  type HeartbeatResponse,
  HeartbeatResponse as HeartbeatSchema,
  notFound,
  ProblemError,
  SessionParams,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireLiveAccount } from "../../auth/require-account.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import { viewerCountry } from "../../playback/geo-rules.ts";
import { grantPlayback } from "../../playback/playback-grant.ts";
import { assertStillWatchable } from "../../playback/session-recheck.ts";

const errors = {
  400: problemResponse("Malformed session id"),
  404: problemResponse("No such live session of this account (unknown, expired, ended or another account's)"),
  503: problemResponse("Session store unreachable; keep playing until expiresAt and retry"),
};

/** Answers that mean the viewer may no longer watch: the session is ended, not just refused. */
const REFUSALS = new Set([403, 404, 451]);

const sessionGone = () => notFound("Playback session");

export const playbackSessionRoutes = new Hono<EdgeEnv>()
  .post(
    "/:sessionId/heartbeat",
    describeRoute({
      tags: ["Playback"],
      summary: "Keep a stream session alive and renew its signed access",
      description:
        "Re-checks the viewing rights first — the channel still active, the viewer's country (now) still " +
        "allowed, a restart or catch-up right still granted — then extends the session by the session TTL " +
        "and signs the same resource again (a catch-up session's grant never covers live). A refused " +
        "re-check ends the session and signs nothing.",
      responses: {
        200: jsonResponse("The renewed session and access", HeartbeatSchema),
        ...errors,
        403: problemResponse("The channel withdrew the restart or catch-up right; the session has ended"),
        404: problemResponse(
          "No such live session of this account (unknown, expired, ended or another account's), or its " +
            "channel is no longer active (the session has ended)",
        ),
        451: problemResponse("Not available in the viewer's current country; the session has ended"),
      },
    }),
    requireLiveAccount,
    validated("param", SessionParams),
    async (c) => {
      const { sessionId } = c.req.valid("param");
      const { settings, services, viewer } = c.var;
      const session = await services.streams.heartbeat(viewer.id, sessionId);
      if (!session) throw sessionGone();
      try {
        await assertStillWatchable(services.catalog, session.record, viewerCountry(c.req.raw), Date.now());
      } catch (error) {
        // A refusal frees the slot at once; an outage (503) leaves the session to retry.
        if (error instanceof ProblemError && REFUSALS.has(error.status)) {
          await services.streams.end(viewer.id, sessionId);
        }
        throw error;
      }
      const grant = await grantPlayback(settings, session.record, new URL(c.req.url).hostname);
      for (const cookie of grant.cookies) c.header("set-cookie", cookie, { append: true });
      const body: HeartbeatResponse = {
        sessionId,
        url: grant.url,
        expiresAt: grant.expiresAt.toISOString(),
        sessionExpiresAt: session.expiresAt.toISOString(),
      };
      return c.json(body, 200);
    },
  )
  .delete(
    "/:sessionId",
    describeRoute({
      tags: ["Playback"],
      summary: "End a stream session (frees its slot at once)",
      responses: { 204: { description: "Ended" }, ...errors },
    }),
    requireLiveAccount,
    validated("param", SessionParams),
    async (c) => {
      const { sessionId } = c.req.valid("param");
      const { services, viewer } = c.var;
      if (!(await services.streams.end(viewer.id, sessionId))) throw sessionGone();
      return c.body(null, 204);
    },
  );
