/** Assembles the origin's HTTP surface: middleware, routes, and the one error handler. */
import { Hono } from "hono";
import { channelRoutes } from "./admin/channel-routes.ts";
import { providerRoutes } from "./admin/provider-routes.ts";
import { authRoutes } from "./auth/auth-routes.ts";
import { jwksRoutes } from "./auth/jwks-routes.ts";
import { requireAuth, requireRole } from "./auth/require-auth.ts";
import { limitBody } from "./http/body-limit.ts";
import { onError, onNotFound } from "./http/error-handler.ts";
import { requestContext } from "./http/request-context.ts";
import { ingestRoutes } from "./ingest/ingest-routes.ts";
import { ingestRunRoutes } from "./ingest/ingest-run-routes.ts";
import { opsRoutes } from "./ops/ops-routes.ts";
import type { AppEnv, Services } from "./services.ts";

export function createApp(services: Services) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("services", services);
    await next();
  });
  app.use(requestContext);
  app.onError(onError);
  app.notFound(onNotFound);

  app.route("/", opsRoutes);
  app.route("/.well-known", jwksRoutes);

  app.use("/v1/auth/*", limitBody(services.config.bodyLimitBytes));
  app.route("/v1/auth", authRoutes);

  app.use("/v1/admin/*", limitBody(services.config.bodyLimitBytes), requireAuth, requireRole("admin"));
  app.route("/v1/admin/channels", channelRoutes);
  app.route("/v1/admin/providers", providerRoutes);
  app.route("/v1/admin/ingest-runs", ingestRunRoutes);

  // Uploads stream with their own (much larger) limit, enforced on the decompressed bytes too.
  app.route("/v1/ingest", ingestRoutes);
  return app;
}
