import type { MiddlewareHandler } from "hono";
import type { EdgeEnv } from "../edge-env.ts";

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * Takes the caller's x-request-id (or Cloudflare's cf-ray, or a new UUID), echoes it and logs one
 * JSON line per request. The id travels on to the origin with forwarded requests.
 */
export const requestId: MiddlewareHandler<EdgeEnv> = async (c, next) => {
  const incoming = c.req.header("x-request-id");
  const id = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
  c.set("requestId", id);
  const started = Date.now();
  await next();
  c.res.headers.set("x-request-id", id);
  console.log(
    JSON.stringify({
      level: "info",
      msg: "request",
      reqId: id,
      method: c.req.method,
      route: c.req.routePath,
      status: c.res.status,
      ms: Date.now() - started,
      colo: (c.req.raw.cf as { colo?: string } | undefined)?.colo,
    }),
  );
};
