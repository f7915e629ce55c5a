/**
 * GET /v1/openapi.json — the OpenAPI 3.1 document, generated from the routes' valibot schemas
 * (hono-openapi + @valibot/to-json-schema), never written by hand; GET /docs — an interactive
 * reference (Scalar) over it. The mobile team generates its client from this document.
 */
import { Scalar } from "@scalar/hono-api-reference";
import type { Hono } from "hono";
import { openAPIRouteHandler } from "hono-openapi";
import type { EdgeEnv } from "../edge-env.ts";

export function mountOpenApi(app: Hono<EdgeEnv>) {
  app.get(
    "/v1/openapi.json",
    openAPIRouteHandler(app, {
      documentation: {
        openapi: "3.1.0",
        info: {
          title: "SEEYOO Live TV API",
          version: "1.0.0",
          description:
            "The API the SEEYOO apps talk to: accounts, channels, programme guide, favourites and playback.",
        },
        servers: [{ url: "/" }],
        components: {
          securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
        },
      },
      exclude: ["/v1/openapi.json", "/docs", "/healthz"],
    }),
  );
  app.get("/docs", Scalar({ url: "/v1/openapi.json", pageTitle: "SEEYOO API reference" }));
}
