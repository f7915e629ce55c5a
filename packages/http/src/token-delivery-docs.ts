/**
 * How the account API documents the refresh cookie, the same at the edge and the origin: the
 * token-delivery header a browser sends, the cookie refresh and logout then read, and the
 * Set-Cookie of the answers.
 */
import { REFRESH_COOKIE, REFRESH_COOKIE_PATH, TOKEN_DELIVERY_HEADER } from "@seeyoo/schema/wire";

export const tokenDeliveryParameter = {
  name: TOKEN_DELIVERY_HEADER,
  in: "header" as const,
  required: false,
  description:
    "`cookie` (browsers): the refresh token comes as an `HttpOnly; Secure; SameSite=Strict` cookie " +
    `\`${REFRESH_COOKIE}\` on the path \`${REFRESH_COOKIE_PATH}\` instead of in the body, and refresh ` +
    "and logout take it from that cookie. Without this header the cookie is never read (CSRF: " +
    "another site cannot make a browser send it). The mobile apps leave it out and keep the token " +
    "in the body.",
  schema: { type: "string" as const, enum: ["cookie"] },
};

export const refreshCookieParameter = {
  name: REFRESH_COOKIE,
  in: "cookie" as const,
  required: false,
  description: `The refresh token, when it was delivered as a cookie (read only with \`${TOKEN_DELIVERY_HEADER}: cookie\`)`,
  schema: { type: "string" as const },
};

export const refreshCookieHeaders = {
  "set-cookie": {
    description: `With \`${TOKEN_DELIVERY_HEADER}: cookie\`: the refresh token as \`${REFRESH_COOKIE}\`; cleared (Max-Age=0) on sign-out or when it is dead`,
    schema: { type: "string" as const },
  },
};
