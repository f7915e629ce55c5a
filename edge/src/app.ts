/** Assembles the edge Worker: middleware, every route, the one error handler, OpenAPI. */
import { createApiApp, limitBody, mountRoutes } from "@seeyoo/http";
import type { EdgeEnv } from "./edge-env.ts";
import { provideServices } from "./http/provide-services.ts";
import { requestLog } from "./http/request-log.ts";
import { mountOpenApi } from "./openapi/openapi-routes.ts";
import { authProxyRoutes } from "./routes/auth/auth-proxy-routes.ts";
import { channelRoutes } from "./routes/catalog/channel-routes.ts";
import { channelScheduleRoutes, epgRoutes } from "./routes/epg/epg-routes.ts";
import { deviceRoutes } from "./routes/me/device-routes.ts";
import { favoriteRoutes } from "./routes/me/favorite-routes.ts";
import { meRoutes } from "./routes/me/me-routes.ts";
import { healthRoutes } from "./routes/ops/health-routes.ts";
import { channelPlaybackRoutes } from "./routes/playback/channel-playback-routes.ts";
import { playbackSessionRoutes } from "./routes/playback/playback-session-routes.ts";
import { searchRoutes } from "./routes/search/search-routes.ts";
import { webPlayerRoutes } from "./routes/web/web-player-routes.ts";

const BODY_LIMIT_BYTES = 64 * 1024;

export function createApp() {
  const app = createApiApp<EdgeEnv>(requestLog);
  app.route("/", healthRoutes);
  app.use("/v1/*", provideServices, limitBody(BODY_LIMIT_BYTES));
  mountRoutes(app, {
    "/v1/auth": [authProxyRoutes],
    "/v1/channels": [channelRoutes, channelScheduleRoutes, channelPlaybackRoutes],
    "/v1/epg/search": [searchRoutes],
    "/v1/epg": [epgRoutes],
    "/v1/me": [meRoutes],
    "/v1/me/favorites": [favoriteRoutes],
    "/v1/me/devices": [deviceRoutes],
    "/v1/playback": [playbackSessionRoutes],
  });
  mountOpenApi(app);
  // Last: every other path is the web player (static assets, with its CSP).
  app.route("/", webPlayerRoutes);
  return app;
}
