import { accessTokenGuard } from "@seeyoo/http";
import type { AppEnv } from "../services.ts";
import { accountHolder } from "./account-holder.ts";

/**
 * Routes of the signed-in user, whatever their role: a valid access token of ours of an account
 * that still exists (account-holder.ts), whose holder (user id, role, sign-in) the handlers read
 * as `c.var.viewer`. No token, a bad one or a deleted account → 401.
 */
export const requireViewer = accessTokenGuard<AppEnv, "viewer">("viewer", accountHolder);
