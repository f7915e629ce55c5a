/**
 * First middleware of every request: takes the caller's `x-request-id` (when it looks sane) or
 * makes one, echoes it, and records one access-log line plus the HTTP metrics labelled by the
 * route template (never the raw path, which would explode label cardinality).
 */
import { randomUUID } from "node:crypto";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../services.ts";

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const requestContext: MiddlewareHandler<AppEnv> = async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID();
  c.set("requestId", requestId);
  const started = performance.now();
  await next();
  c.header("x-request-id", requestId);

  const { metrics, logger } = c.var.services;
  const seconds = (performance.now() - started) / 1000;
  const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "unmatched";
  const labels = { route, method: c.req.method, status: String(c.res.status) };
  metrics.httpRequests.inc(labels);
  metrics.httpDuration.observe(labels, seconds);
  logger.info(
    { reqId: requestId, method: c.req.method, route, status: c.res.status, ms: Math.round(seconds * 1000) },
    "request",
  );
};
