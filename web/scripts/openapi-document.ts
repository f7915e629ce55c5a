/**
 * The edge's OpenAPI document, generated in Node from the Worker's own routes (no running edge
 * needed): the same call, with the same options, the Worker makes for GET /v1/openapi.json.
 */
import type { ApiDocsOptions } from "@seeyoo/http";
import { openApiOptions } from "@seeyoo/http";
import type { Hono } from "hono";
import { generateSpecs } from "hono-openapi";

// Imported by a computed specifier so this Node-typed script does not type-check the Worker's
// sources (they need the Workers globals; `tsc -p edge` checks them).
const EDGE_APP = "@seeyoo/edge/app";
const EDGE_OPENAPI = "@seeyoo/edge/openapi";

export async function edgeOpenApiDocument(): Promise<object> {
  const { createApp } = (await import(EDGE_APP)) as { createApp: () => Hono };
  const { EDGE_API_DOCS } = (await import(EDGE_OPENAPI)) as { EDGE_API_DOCS: ApiDocsOptions };
  return generateSpecs(createApp(), openApiOptions(EDGE_API_DOCS));
}
