/**
 * The refresh token as a cookie, for browsers that ask for it with the token-delivery header:
 * `HttpOnly` (no script reads it), `Secure`, `SameSite=Strict` (no other site's request carries
 * it) and scoped to /v1/auth, so no other request of the API ever sends it. Refresh and logout
 * read it only when the header comes too — a header a cross-site request cannot send without a
 * CORS preflight the API never grants.
 */
import {
  REFRESH_COOKIE,
  REFRESH_COOKIE_PATH,
  RefreshTokenField,
  TOKEN_DELIVERY_COOKIE,
  TOKEN_DELIVERY_HEADER,
} from "@seeyoo/schema/wire";
import type { Context } from "hono";
import { generateCookie, getCookie } from "hono/cookie";
import * as v from "valibot";

const ATTRIBUTES = { path: REFRESH_COOKIE_PATH, httpOnly: true, secure: true, sameSite: "Strict" } as const;

/** Whether the client asked for the refresh token as a cookie (and vouches for a cookie it sends). */
export const wantsRefreshCookie = (c: Context): boolean =>
  c.req.header(TOKEN_DELIVERY_HEADER)?.trim().toLowerCase() === TOKEN_DELIVERY_COOKIE;

/** The refresh token in the request's cookie, when it has the shape of one. */
export function refreshTokenFromCookie(c: Context): string | undefined {
  const value = getCookie(c, REFRESH_COOKIE);
  return value !== undefined && v.is(RefreshTokenField, value) ? value : undefined;
}

/** Set-Cookie for `token`, kept by the browser until the token expires. */
export const refreshCookie = (token: string, expiresAt: Date): string =>
  generateCookie(REFRESH_COOKIE, token, {
    ...ATTRIBUTES,
    maxAge: Math.max(0, Math.floor((expiresAt.getTime() - Date.now()) / 1000)),
  });

/** Set-Cookie that makes the browser forget the refresh token. */
export const clearedRefreshCookie = (): string =>
  generateCookie(REFRESH_COOKIE, "", { ...ATTRIBUTES, maxAge: 0 });
