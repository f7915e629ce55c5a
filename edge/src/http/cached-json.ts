import type { Context } from "hono";
import type { CachedBody } from "../cache/tiered-cache.ts";

/**
 * Answers with a cached JSON body, its ETag and Cache-Control; a matching If-None-Match gets 304.
 * `x-seeyoo-cache` says which tier answered (memory, edge, redis, database, stale) for operators.
 */
export function cachedJson(c: Context, entry: CachedBody, cacheControl: string): Response {
  const headers: Record<string, string> = {
    etag: entry.etag,
    "cache-control": cacheControl,
    "x-seeyoo-cache": entry.source,
  };
  const ifNoneMatch = c.req.header("if-none-match");
  if (ifNoneMatch?.split(",").some((tag) => tag.trim().replace(/^W\//, "") === entry.etag)) {
    return new Response(null, { status: 304, headers });
  }
  return new Response(entry.body, {
    status: 200,
    headers: { ...headers, "content-type": "application/json" },
  });
}
