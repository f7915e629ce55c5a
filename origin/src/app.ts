/** Assembles the origin: middleware, every route, the one error handler, OpenAPI. */
import { createApiApp, mountRoutes } from "@seeyoo/http";
import { adminRoutes } from "./admin/admin-routes.ts";
import { authRoutes } from "./auth/auth-routes.ts";
import { deviceRoutes } from "./auth/device-routes.ts";
import { jwksRoutes } from "./auth/jwks-routes.ts";
import { passwordRoutes } from "./auth/password-routes.ts";
import { requestLog } from "./http/request-log.ts";
import { ingestRoutes } from "./ingest/ingest-routes.ts";
import { mountOpenApi } from "./openapi/openapi-routes.ts";
import { opsRoutes } from "./ops/ops-routes.ts";
import type { AppEnv, Services } from "./services.ts";

export function createApp(services: Services) {
  const app = createApiApp<AppEnv>(requestLog);
  app.use(async (c, next) => {
    c.set("services", services);
    await next();
  });
  // The document describes every route of the app, whenever mounted: it is made at its first request.
  mountOpenApi(app);
  mountRoutes(app, {
    "/": [opsRoutes],
    "/.well-known": [jwksRoutes],
    "/v1/auth": [authRoutes, passwordRoutes],
    "/v1/me/devices": [deviceRoutes],
    "/v1/admin": [adminRoutes],
    "/v1/ingest": [ingestRoutes],
  });
  return app;
}
