/**
 * The start of both deployables' apps: request ids (and whatever the deployable records per
 * request), errors as problem+json, unknown paths as a 404 problem. Routes are added by the caller.
 */
import { type Context, Hono } from "hono";
import { problemErrorHandler, problemNotFound } from "./problem-handlers.ts";
import { type FinishedRequest, type RequestIdEnv, requestId } from "./request-id.ts";

export interface ApiAppHooks<E extends RequestIdEnv> {
  /** Records a finished request (a log line, metrics). */
  onRequest: (c: Context<E>, request: FinishedRequest) => void;
  /** Logs an error no handler expected; the client gets a 500 naming the request id. */
  onUnexpected: (c: Context<E>, error: Error) => void;
}

export function createApiApp<E extends RequestIdEnv>(hooks: ApiAppHooks<E>): Hono<E> {
  const app = new Hono<E>();
  app.use(requestId(hooks.onRequest));
  app.onError(problemErrorHandler(hooks.onUnexpected));
  app.notFound(problemNotFound);
  return app;
}
