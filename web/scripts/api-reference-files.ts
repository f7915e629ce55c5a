import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { apiReferenceFiles } from "@seeyoo/http";

/**
 * The edge's API reference files (pinned swagger-ui-dist + its start-up script), copied into
 * web/dist/docs/ so that the edge serves them as static assets at /docs/* — next to the page the
 * Worker renders at /docs, and outside the Worker's script.
 */
export function edgeApiReferenceFiles(): Map<string, Uint8Array> {
  const swaggerUi = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
  const files = apiReferenceFiles((name) => readFileSync(join(swaggerUi, name)));
  return new Map([...files].map(([name, file]) => [`/docs/${name}`, file.body]));
}
