import { accessTokenGuard } from "@seeyoo/http";
import type { AppEnv } from "../services.ts";

/**
 * Routes of the signed-in user, whatever their role: a valid access token of ours, whose holder
 * (user id, role, sign-in) the handlers read as `c.var.viewer`. No token or a bad one → 401.
 */
export const requireViewer = accessTokenGuard<AppEnv, "viewer">("viewer", (token, c) =>
  c.var.services.keys.verifyAccessToken(token),
);
