/**
 * First middleware of every request: takes the caller's `x-request-id` when it looks sane (else
 * a new UUID), puts it on the context and echoes it. The id travels edge → origin, so one
 * request can be followed through both logs. What to record per request (a log line, metrics) is
 * the deployable's own: `onDone` gets the id and the time taken.
 */
import type { Context, MiddlewareHandler } from "hono";

const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export type RequestIdEnv = { Variables: { requestId: string } };

export interface FinishedRequest {
  requestId: string;
  ms: number;
}

export function requestId<E extends RequestIdEnv>(
  onDone: (c: Context<E>, request: FinishedRequest) => void,
): MiddlewareHandler<E> {
  return async (c, next) => {
    const incoming = c.req.header("x-request-id");
    const id = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : crypto.randomUUID();
    c.set("requestId", id);
    const started = performance.now();
    await next();
    c.res.headers.set("x-request-id", id);
    onDone(c, { requestId: id, ms: performance.now() - started });
  };
}
