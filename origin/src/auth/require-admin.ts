import { accessTokenGuard } from "@seeyoo/http";
import type { AppEnv } from "../services.ts";
import { accountHolder } from "./account-holder.ts";

/**
 * Admin routes: a valid access token of ours (see SigningKeys) of an account that exists and is an
 * admin now (account-holder.ts), read by the handlers as `c.var.admin`. No token, a bad one or a
 * deleted account → 401; a viewer (or a demoted admin) → 403.
 */
export const requireAdmin = accessTokenGuard<AppEnv, "admin">("admin", accountHolder, { role: "admin" });
