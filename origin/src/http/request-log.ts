/**
 * What the origin records per request: one access-log line and the HTTP metrics, labelled by the
 * route template (never the raw path, which would explode label cardinality); errors no handler
 * expected are logged with their stack and request id.
 */
import type { ApiAppHooks } from "@seeyoo/http";
import type { AppEnv } from "../services.ts";

export const requestLog: ApiAppHooks<AppEnv> = {
  onRequest(c, { requestId, ms }) {
    const { metrics, logger } = c.var.services;
    const route = c.req.routePath && c.req.routePath !== "/*" ? c.req.routePath : "unmatched";
    const labels = { route, method: c.req.method, status: String(c.res.status) };
    metrics.httpRequests.inc(labels);
    metrics.httpDuration.observe(labels, ms / 1000);
    logger.info(
      { reqId: requestId, method: c.req.method, route, status: c.res.status, ms: Math.round(ms) },
      "request",
    );
  },
  onUnexpected(c, error) {
    c.var.services.logger.error(
      { reqId: c.var.requestId, err: { message: error.message, stack: error.stack } },
      "unhandled error",
    );
  },
};
