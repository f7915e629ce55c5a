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
  SessionParams,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { requireViewer } from "../../auth/require-viewer.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import { grantPlayback } from "../../playback/playback-grant.ts";

const errors = {
  400: problemResponse("Malformed session id"),
  404: problemResponse("No such live session of this account (unknown, expired, ended or another account's)"),
  503: problemResponse("Session store unreachable; keep playing until expiresAt and retry"),
};

const sessionGone = () => notFound("Playback session");

export const playbackSessionRoutes = new Hono<EdgeEnv>()
  .post(
    "/:sessionId/heartbeat",
    describeRoute({
      tags: ["Playback"],
      summary: "Keep a stream session alive and renew its signed access",
      description: "Extends the session by the session TTL and sets fresh signed cookies for the channel.",
      responses: { 200: jsonResponse("The renewed session and access", HeartbeatSchema), ...errors },
    }),
    requireViewer,
    validated("param", SessionParams),
    async (c) => {
      const { sessionId } = c.req.valid("param");
      const { settings, services, viewer } = c.var;
      const session = await services.streams.heartbeat(viewer.id, sessionId);
      if (!session) throw sessionGone();
      const grant = await grantPlayback(settings, session.hlsPath, new URL(c.req.url).hostname);
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
    requireViewer,
    validated("param", SessionParams),
    async (c) => {
      const { sessionId } = c.req.valid("param");
      const { services, viewer } = c.var;
      if (!(await services.streams.end(viewer.id, sessionId))) throw sessionGone();
      return c.body(null, 204);
    },
  );
