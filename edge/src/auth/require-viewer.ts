import { accessTokenGuard, type TokenHolder, verifyAccessToken } from "@seeyoo/http";
import type { Context } from "hono";
import type { EdgeEnv } from "../edge-env.ts";
import { originKeys } from "./access-tokens.ts";

/** The holder of a valid access token of the origin (verified locally against its JWKS), or null. */
export function verifyViewerToken(token: string, c: Context<EdgeEnv>): Promise<TokenHolder | null> {
  const { settings } = c.var;
  return verifyAccessToken(token, originKeys(settings), {
    issuer: settings.jwtIssuer,
    audience: settings.jwtAudience,
  });
}

/**
 * Signed-in routes: a valid access token of the origin, whose holder the handlers read as
 * `c.var.viewer`.
 */
export const requireViewer = accessTokenGuard<EdgeEnv, "viewer">("viewer", verifyViewerToken);
