/**
 * A password presented for an account (sign-in, password change), checked under the rate limits:
 * counted per (email, client network), per network and per email before bcrypt runs — a refused
 * attempt answers 429 without any password work — and its failure reservations given back when
 * the password was right or could not be checked (the password workers were saturated).
 */
import { authAttempts, rateLimited } from "@seeyoo/http";
import type { Context } from "hono";
import type { AppEnv } from "../services.ts";
import { clientNetworkOf } from "./client-address.ts";

/** Whether `password` matches `hash` (null: no such account, still the same work). */
export async function limitedPasswordCheck<E extends AppEnv>(
  c: Context<E>,
  email: string,
  password: string,
  hash: string | null,
): Promise<boolean> {
  const s = c.var.services;
  const admission = await s.authLimits.admit(authAttempts.passwordCheck(email, await clientNetworkOf(c)));
  if (!admission.verdict.allowed) throw rateLimited(admission.verdict);
  let ok: boolean;
  try {
    ok = await s.passwords.verify(password, hash);
  } catch (error) {
    await admission.release(); // never checked: no wrong password to count
    throw error;
  }
  // A wrong password keeps its count; the right one gives it back.
  if (ok) await admission.release();
  return ok;
}
