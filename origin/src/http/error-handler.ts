import { ProblemError, problemResponse } from "@seeyoo/schema/wire";
import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../services.ts";

/** The one place where errors become problem+json responses. */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ProblemError) {
    return error.toResponse(c.req.path);
  }
  if (error instanceof HTTPException && error.status < 500) {
    return problemResponse({
      type: "about:blank",
      title: error.message || "Bad request",
      status: error.status,
    });
  }
  c.var.services.logger.error(
    { reqId: c.var.requestId, err: { message: error.message, stack: error.stack } },
    "unhandled error",
  );
  return problemResponse({
    type: "https://seeyoo.tv/problems/internal",
    title: "Internal error",
    status: 500,
    detail: `Reference ${c.var.requestId}`,
  });
};

export const onNotFound: NotFoundHandler<AppEnv> = (c: Context<AppEnv>) =>
  problemResponse({
    type: "https://seeyoo.tv/problems/not-found",
    title: "No such resource",
    status: 404,
    instance: c.req.path,
  });
