/** Assembles the origin: middleware, every route, the one error handler, OpenAPI. */
import { limitBody, problemErrorHandler, problemNotFound } from "@seeyoo/http";
import { Hono } from "hono";
import { channelRoutes } from "./admin/channel-routes.ts";
import { providerRoutes } from "./admin/provider-routes.ts";
import { authRoutes } from "./auth/auth-routes.ts";
import { jwksRoutes } from "./auth/jwks-routes.ts";
import { requestLog } from "./http/request-log.ts";
import { ingestRoutes } from "./ingest/ingest-routes.ts";
import { ingestRunRoutes } from "./ingest/ingest-run-routes.ts";
import { mountOpenApi } from "./openapi/openapi-routes.ts";
import { opsRoutes } from "./ops/ops-routes.ts";
import type { AppEnv, Services } from "./services.ts";

export function createApp(services: Services) {
  const app = new Hono<AppEnv>();
  app.use(async (c, next) => {
    c.set("services", services);
    await next();
  });
  app.use(requestLog);
  app.onError(
    problemErrorHandler((c, error) =>
      c.var.services.logger.error(
        { reqId: c.var.requestId, err: { message: error.message, stack: error.stack } },
        "unhandled error",
      ),
    ),
  );
  app.notFound(problemNotFound);
  app.route("/", opsRoutes);
  app.route("/.well-known", jwksRoutes);

  // JSON APIs; ingest uploads stream with their own, much larger limit (also on the decompressed bytes).
  const jsonBodyLimit = limitBody(services.config.bodyLimitBytes);
  app.use("/v1/auth/*", jsonBodyLimit);
  app.use("/v1/admin/*", jsonBodyLimit);
  app.route("/v1/auth", authRoutes);
  app.route("/v1/admin/channels", channelRoutes);
  app.route("/v1/admin/providers", providerRoutes);
  app.route("/v1/admin/ingest-runs", ingestRunRoutes);
  app.route("/v1/ingest", ingestRoutes);

  mountOpenApi(app);
  return app;
}
