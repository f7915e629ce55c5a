/** Assembles the edge Worker: middleware, every route, the one error handler, OpenAPI. */
import { limitBody, problemErrorHandler, problemNotFound, requestId } from "@seeyoo/http";
import { Hono } from "hono";
import type { EdgeEnv } from "./edge-env.ts";
import { provideServices } from "./http/provide-services.ts";
import { mountOpenApi } from "./openapi/openapi-routes.ts";
import { authProxyRoutes } from "./routes/auth/auth-proxy-routes.ts";
import { channelRoutes } from "./routes/catalog/channel-routes.ts";
import { channelScheduleRoutes, epgRoutes } from "./routes/epg/epg-routes.ts";
import { favoriteRoutes } from "./routes/me/favorite-routes.ts";
import { meRoutes } from "./routes/me/me-routes.ts";
import { healthRoutes } from "./routes/ops/health-routes.ts";
import { channelPlaybackRoutes } from "./routes/playback/channel-playback-routes.ts";
import { playbackSessionRoutes } from "./routes/playback/playback-session-routes.ts";

const BODY_LIMIT_BYTES = 64 * 1024;

const log = (level: "info" | "error", fields: Record<string, unknown>) =>
  console[level === "error" ? "error" : "log"](JSON.stringify({ level, ...fields }));

export function createApp() {
  const app = new Hono<EdgeEnv>();
  app.use(
    requestId((c, { requestId, ms }) =>
      log("info", {
        msg: "request",
        reqId: requestId,
        method: c.req.method,
        route: c.req.routePath,
        status: c.res.status,
        ms: Math.round(ms),
        colo: (c.req.raw.cf as { colo?: string } | undefined)?.colo,
      }),
    ),
  );
  app.onError(
    problemErrorHandler((c, error) =>
      log("error", { msg: "unhandled error", reqId: c.var.requestId, err: error.message }),
    ),
  );
  app.notFound(problemNotFound);
  app.route("/", healthRoutes);

  app.use("/v1/*", provideServices, limitBody(BODY_LIMIT_BYTES));
  app.route("/v1/auth", authProxyRoutes);
  app.route("/v1/channels", channelRoutes);
  app.route("/v1/channels", channelScheduleRoutes);
  app.route("/v1/channels", channelPlaybackRoutes);
  app.route("/v1/epg", epgRoutes);
  app.route("/v1/me", meRoutes);
  app.route("/v1/me/favorites", favoriteRoutes);
  app.route("/v1/playback", playbackSessionRoutes);

  mountOpenApi(app);
  return app;
}
