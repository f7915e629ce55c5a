/**
 * What the origin records per request, after the shared request-id middleware: one access-log
 * line and the HTTP metrics, labelled by the route template (never the raw path, which would
 * explode label cardinality).
 */
import { type FinishedRequest, requestId } from "@seeyoo/http";
import type { Context } from "hono";
import type { AppEnv } from "../services.ts";

function record(c: Context<AppEnv>, { requestId, ms }: FinishedRequest): void {
  const { metrics, logger } = c.var.services;
  const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "unmatched";
  const labels = { route, method: c.req.method, status: String(c.res.status) };
  metrics.httpRequests.inc(labels);
  metrics.httpDuration.observe(labels, ms / 1000);
  logger.info(
    { reqId: requestId, method: c.req.method, route, status: c.res.status, ms: Math.round(ms) },
    "request",
  );
}

export const requestLog = requestId<AppEnv>(record);
