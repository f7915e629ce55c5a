import { accessTokenGuard, verifyAccessToken } from "@seeyoo/http";
import type { EdgeEnv } from "../edge-env.ts";
import { originKeys } from "./access-tokens.ts";

/**
 * Signed-in routes: a valid access token of the origin (verified locally against its JWKS), whose
 * holder the handlers read as `c.var.viewer`.
 */
export const requireViewer = accessTokenGuard<EdgeEnv, "viewer">("viewer", (token, c) => {
  const { settings } = c.var;
  return verifyAccessToken(token, originKeys(settings), {
    issuer: settings.jwtIssuer,
    audience: settings.jwtAudience,
  });
});
