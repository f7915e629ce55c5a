import { ProblemError } from "@seeyoo/schema/wire";
import type { MiddlewareHandler } from "hono";
import type { EdgeEnv } from "../edge-env.ts";
import { verifyAccessToken } from "./access-tokens.ts";

const challenge = (error?: string) =>
  error ? `Bearer realm="seeyoo", error="${error}"` : `Bearer realm="seeyoo"`;

/** Signed-in routes: a valid access token or 401 problem+json with a WWW-Authenticate challenge. */
export const requireViewer: MiddlewareHandler<EdgeEnv> = async (c, next) => {
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(c.req.header("authorization") ?? "");
  if (!match?.[1]) {
    throw new ProblemError(401, "unauthorized", "Sign in to do this", {
      headers: { "www-authenticate": challenge() },
    });
  }
  try {
    c.set("viewer", await verifyAccessToken(match[1], c.var.settings));
  } catch {
    throw new ProblemError(401, "unauthorized", "The access token is invalid or expired", {
      headers: { "www-authenticate": challenge("invalid_token") },
    });
  }
  await next();
};
