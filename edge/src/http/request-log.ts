/** What the Worker records per request: one JSON line (Workers Logs), errors with their request id. */
import type { ApiAppHooks } from "@seeyoo/http";
import type { EdgeEnv } from "../edge-env.ts";

const log = (level: "info" | "error", fields: Record<string, unknown>) =>
  console[level === "error" ? "error" : "log"](JSON.stringify({ level, ...fields }));

export const requestLog: ApiAppHooks<EdgeEnv> = {
  onRequest: (c, { requestId, ms }) =>
    log("info", {
      msg: "request",
      reqId: requestId,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Math.round(ms),
      colo: (c.req.raw.cf as { colo?: string } | undefined)?.colo,
    }),
  onUnexpected: (c, error) =>
    log("error", { msg: "unhandled error", reqId: c.var.requestId, err: error.message }),
};
