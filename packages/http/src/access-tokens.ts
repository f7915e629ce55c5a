/**
 * Verifying SEEYOO access tokens, the same at the edge (keys from the origin's JWKS) and at the
 * origin (its own keys): ES256 only, `typ: at+jwt` (RFC 9068, so no other kind of JWT signed with
 * the same keys passes as an access token), the expected issuer and audience, not expired, and
 * claims that match `AccessTokenClaims` (with `sid`, the sign-in it belongs to) — the schema the origin's signer is held to as well.
 */
import { ACCESS_TOKEN_ALGORITHM, ACCESS_TOKEN_TYPE, AccessTokenClaims, type Role } from "@seeyoo/schema/wire";
import type { Context, Env } from "hono";
import { type JWTVerifyGetKey, jwtVerify } from "jose";
import * as v from "valibot";
import { bearerGuard } from "./bearer-guard.ts";

/** Who an access token was issued to. */
export interface TokenHolder {
  id: string;
  role: Role;
  /** The sign-in (device) the token belongs to: its refresh-token family. */
  sessionId: string;
}

/** The holder of a valid token; null for any defect (or when the keys cannot be had). */
export async function verifyAccessToken(
  token: string,
  keys: JWTVerifyGetKey,
  expected: { issuer: string; audience: string },
): Promise<TokenHolder | null> {
  try {
    const { payload } = await jwtVerify(token, keys, {
      algorithms: [ACCESS_TOKEN_ALGORITHM],
      typ: ACCESS_TOKEN_TYPE,
      issuer: expected.issuer,
      audience: expected.audience,
    });
    const claims = v.parse(AccessTokenClaims, payload);
    return { id: claims.sub, role: claims.role, sessionId: claims.sid };
  } catch {
    return null;
  }
}

/**
 * The guard of routes for signed-in users, the same on both deployables: a Bearer access token
 * (`verify` says whose it is), its holder on the context as `variable`, and — with `role` — 403
 * for any other role.
 */
export function accessTokenGuard<E extends Env, K extends string>(
  variable: K,
  verify: (token: string, c: Context<E>) => Promise<TokenHolder | null>,
  options: { role?: Role } = {},
) {
  const { role } = options;
  return bearerGuard<E, K, TokenHolder>({
    variable,
    realm: "seeyoo",
    scheme: ACCESS_TOKEN_SCHEME,
    pattern: /^Bearer ([A-Za-z0-9_\-.]+)$/,
    verify,
    ...(role ? { permits: (holder: TokenHolder) => holder.role === role } : {}),
    titles: {
      missing: "Sign in to do this",
      invalid: "The access token is invalid or expired",
      forbidden: "You may not do this",
    },
  });
}

/** The OpenAPI security scheme of access tokens, by the name the guards refer to. */
export const ACCESS_TOKEN_SCHEME = "bearerAuth";
export const accessTokenSecurityScheme = (description: string) => ({
  [ACCESS_TOKEN_SCHEME]: {
    type: "http" as const,
    scheme: "bearer" as const,
    bearerFormat: "JWT",
    description,
  },
});
