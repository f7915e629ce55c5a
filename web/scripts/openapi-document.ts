/**
 * The edge's OpenAPI document, generated in Node from the Worker's own routes (no running edge
 * needed): the same hono-openapi call the Worker makes for GET /v1/openapi.json.
 */
import type { Hono } from "hono";
import { generateSpecs } from "hono-openapi";

// Imported by a computed specifier so this Node-typed script does not type-check the Worker's
// sources (they need the Workers globals; `tsc -p edge` checks them).
const EDGE_APP = new URL("../../edge/src/app.ts", import.meta.url).href;

export async function edgeOpenApiDocument(): Promise<object> {
  const { createApp } = (await import(EDGE_APP)) as { createApp: () => Hono };
  return generateSpecs(createApp(), {
    documentation: {
      openapi: "3.1.0",
      info: { title: "SEEYOO Live TV API", version: "1.0.0" },
      servers: [{ url: "/" }],
      components: {
        securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
      },
    },
    exclude: ["/v1/openapi.json", "/docs", "/healthz"],
  });
}
