/**
 * GET /docs/:file — the files of the API reference page (pinned swagger-ui-dist and its start-up
 * script), read once from the installed package and served from memory.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { type ApiReferenceFile, apiReferenceFiles, DOCS_PATH } from "@seeyoo/http";
import { Hono } from "hono";
import type { AppEnv } from "../services.ts";

let files: Map<string, ApiReferenceFile> | undefined;
function referenceFiles(): Map<string, ApiReferenceFile> {
  if (!files) {
    const swaggerUi = dirname(createRequire(import.meta.url).resolve("swagger-ui-dist/package.json"));
    files = apiReferenceFiles((name) => readFileSync(join(swaggerUi, name)));
  }
  return files;
}

export const apiReferenceAssets = new Hono<AppEnv>().get(`${DOCS_PATH}/:file`, (c) => {
  const file = referenceFiles().get(c.req.param("file"));
  if (!file) return c.notFound();
  c.header("content-type", file.contentType);
  c.header("cache-control", "public, max-age=3600");
  c.header("x-content-type-options", "nosniff");
  return c.body(file.body as Uint8Array<ArrayBuffer>);
});
