import type { Context, ErrorHandler, NotFoundHandler } from "hono";
import { HTTPException } from "hono/http-exception";
import type { AppEnv } from "../services.ts";
import { ApiError } from "./api-error.ts";
import { problemResponse } from "./problem-response.ts";

/** The one place where errors become problem+json responses. */
export const onError: ErrorHandler<AppEnv> = (error, c) => {
  if (error instanceof ApiError) {
    return problemResponse(error.toProblem(c.req.path), error.headers);
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
