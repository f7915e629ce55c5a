import { ProblemError, problemResponse } from "@seeyoo/schema/wire";
import type { ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { EdgeEnv } from "../edge-env.ts";

/** The one place where errors become problem+json responses. */
export const onError: ErrorHandler<EdgeEnv> = (error, c) => {
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
  console.error(
    JSON.stringify({ level: "error", msg: "unhandled error", reqId: c.var.requestId, err: error.message }),
  );
  return problemResponse({
    type: "https://seeyoo.tv/problems/internal",
    title: "Internal error",
    status: 500,
    detail: `Reference ${c.var.requestId}`,
  });
};

export const onNotFound: NotFoundHandler<EdgeEnv> = (c) =>
  problemResponse({
    type: "https://seeyoo.tv/problems/not-found",
    title: "No such resource",
    status: 404,
    instance: c.req.path,
  });
