/** Assembles the edge Worker: middleware, every route, the one error handler, OpenAPI. */

import { ProblemError } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { bodyLimit } from "hono/body-limit";
import { requireViewer } from "./auth/require-viewer.ts";
import type { EdgeEnv } from "./edge-env.ts";
import { onError, onNotFound } from "./http/error-handler.ts";
import { requestId } from "./http/request-id.ts";
import { mountOpenApi } from "./openapi/openapi-routes.ts";
import { authProxyRoutes } from "./routes/auth/auth-proxy-routes.ts";
import { channelRoutes } from "./routes/catalog/channel-routes.ts";
import { channelScheduleRoutes, epgRoutes } from "./routes/epg/epg-routes.ts";
import { favoriteRoutes } from "./routes/me/favorite-routes.ts";
import { meRoutes } from "./routes/me/me-routes.ts";
import { healthRoutes } from "./routes/ops/health-routes.ts";
import { channelPlaybackRoutes } from "./routes/playback/channel-playback-routes.ts";
import { playbackSessionRoutes } from "./routes/playback/playback-session-routes.ts";
import { provideServices } from "./services.ts";

const BODY_LIMIT_BYTES = 64 * 1024;

export function createApp() {
  const app = new Hono<EdgeEnv>();
  app.use(requestId);
  app.onError(onError);
  app.notFound(onNotFound);
  app.route("/", healthRoutes);

  app.use("/v1/*", provideServices);
  app.use(
    "/v1/*",
    bodyLimit({
      maxSize: BODY_LIMIT_BYTES,
      onError: () => {
        throw new ProblemError(413, "payloadTooLarge", "Request body too large", {
          detail: `The limit is ${BODY_LIMIT_BYTES} bytes`,
        });
      },
    }),
  );
  app.route("/v1/auth", authProxyRoutes);
  app.route("/v1/channels", channelRoutes);
  app.route("/v1/channels", channelScheduleRoutes);
  app.route("/v1/epg", epgRoutes);

  app.use("/v1/me", requireViewer);
  app.use("/v1/me/*", requireViewer);
  app.route("/v1/me", meRoutes);
  app.route("/v1/me/favorites", favoriteRoutes);

  app.use("/v1/channels/:id/playback", requireViewer);
  app.route("/v1/channels", channelPlaybackRoutes);
  app.use("/v1/playback/*", requireViewer);
  app.route("/v1/playback", playbackSessionRoutes);

  mountOpenApi(app);
  return app;
}
