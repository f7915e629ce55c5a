/**
 * Guards for signed-in routes: a valid ES256 access token (see SigningKeys) and, where asked,
 * a role. No token or a bad one → 401 with WWW-Authenticate; a valid token without the role → 403.
 */
import type { Role } from "@seeyoo/schema/wire";
import { ProblemError } from "@seeyoo/schema/wire";
import type { MiddlewareHandler } from "hono";
import type { AppEnv } from "../services.ts";

const challenge = (error?: string) =>
  error ? `Bearer realm="seeyoo", error="${error}"` : `Bearer realm="seeyoo"`;

export const requireAuth: MiddlewareHandler<AppEnv> = async (c, next) => {
  const header = c.req.header("authorization") ?? "";
  const match = /^Bearer ([A-Za-z0-9_\-.]+)$/.exec(header);
  if (!match?.[1]) {
    throw new ProblemError(401, "unauthorized", "Sign in to do this", {
      headers: { "www-authenticate": challenge() },
    });
  }
  try {
    c.set("auth", await c.var.services.keys.verifyAccessToken(match[1]));
  } catch {
    throw new ProblemError(401, "unauthorized", "The access token is invalid or expired", {
      headers: { "www-authenticate": challenge("invalid_token") },
    });
  }
  await next();
};

export const requireRole =
  (role: Role): MiddlewareHandler<AppEnv> =>
  async (c, next) => {
    if (c.var.auth.role !== role) throw new ProblemError(403, "forbidden", "You may not do this");
    await next();
  };
