/**
 * The holder of an access token as the origin's guards see it: a valid token whose account still
 * exists, with the role the account has NOW. A token outlives a deleted account, and a demoted
 * admin's token still says "admin", for up to its lifetime (15 minutes); the origin has its
 * database at hand, so it asks (one primary-key lookup) and refuses both at once.
 */
import type { TokenHolder } from "@seeyoo/http";
import type { Context } from "hono";
import type { AppEnv } from "../services.ts";
import { findUserById } from "./user-store.ts";

export async function accountHolder(token: string, c: Context<AppEnv>): Promise<TokenHolder | null> {
  const { keys, db } = c.var.services;
  const holder = await keys.verifyAccessToken(token);
  if (!holder) return null;
  const account = await findUserById(db, holder.id);
  return account ? { ...holder, role: account.role } : null;
}
