import { accessTokenGuard } from "@seeyoo/http";
import type { AppEnv } from "../services.ts";

/**
 * Admin routes: a valid access token of ours (see SigningKeys) whose holder is an admin, read by
 * the handlers as `c.var.admin`. No token or a bad one → 401; a valid token of a viewer → 403.
 */
export const requireAdmin = accessTokenGuard<AppEnv, "admin">(
  "admin",
  (token, c) => c.var.services.keys.verifyAccessToken(token),
  { role: "admin" },
);
