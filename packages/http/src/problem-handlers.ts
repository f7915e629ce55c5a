/**
 * The one place where errors become problem+json responses (RFC 9457), for both deployables.
 * Logging is the deployable's own (JSON lines on the edge, pino at the origin), so an unexpected
 * error is handed to the caller's `logUnexpected` before the client gets a 500 naming only the
 * request id.
 */
import { ProblemError, problemResponse } from "@seeyoo/schema/wire";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { RequestIdEnv } from "./request-id.ts";

export function problemErrorHandler<E extends RequestIdEnv>(
  logUnexpected: (c: Context<E>, error: Error) => void,
): ErrorHandler<E> {
  return (error, c) => {
    if (error instanceof ProblemError) return error.toResponse(c.req.path);
    if (error instanceof HTTPException && error.status === 400) {
      // Hono's validator throws this for a body that is not JSON.
      return new ProblemError(400, "malformedBody", "The body is not valid JSON").toResponse(c.req.path);
    }
    if (error instanceof HTTPException && error.status < 500) {
      return problemResponse({
        type: "about:blank",
        title: error.message || "Bad request",
        status: error.status,
      });
    }
    logUnexpected(c, error);
    return new ProblemError(500, "internal", "Internal error", {
      detail: `Reference ${c.var.requestId}`,
    }).toResponse();
  };
}

export const problemNotFound: NotFoundHandler = (c) =>
  new ProblemError(404, "notFound", "No such resource").toResponse(c.req.path);
