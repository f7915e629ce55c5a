import * as v from "valibot";
import { Uuid } from "./common.ts";
import { DeviceName } from "./devices.ts";
import { SafeName } from "./safe-text.ts";

const utf8 = new TextEncoder();

export const Email = v.pipe(
  v.string("must be a string"),
  v.trim(),
  v.maxLength(254, "must be at most 254 characters"),
  v.email("must be an email address"),
);

/**
 * bcrypt silently ignores everything after 72 bytes, so a longer password would give a false
 * sense of strength: reject it instead of truncating.
 */
export const Password = v.pipe(
  v.string("must be a string"),
  v.minLength(8, "must be at least 8 characters"),
  v.check((p) => utf8.encode(p).length <= 72, "must be at most 72 bytes of UTF-8"),
);

export const Role = v.picklist(["viewer", "admin"]);
export type Role = v.InferOutput<typeof Role>;

export const RegisterRequest = v.strictObject({
  email: Email,
  password: Password,
  name: SafeName(100),
  /** How this sign-in appears in the device list; default: from the User-Agent. */
  deviceName: v.optional(DeviceName),
});
export type RegisterRequest = v.InferOutput<typeof RegisterRequest>;

/** A password someone types to prove who they are: only the shape; the length rules are for new ones. */
const PresentedPassword = v.pipe(
  v.string("must be a string"),
  v.minLength(1, "must not be empty"),
  v.maxLength(1024),
);

export const LoginRequest = v.strictObject({
  email: Email,
  password: PresentedPassword,
  /** How this sign-in appears in the device list; default: from the User-Agent. */
  deviceName: v.optional(DeviceName),
});
export type LoginRequest = v.InferOutput<typeof LoginRequest>;

export const RefreshTokenField = v.pipe(
  v.string("must be a string"),
  v.minLength(16, "is not a refresh token"),
  v.maxLength(256, "is not a refresh token"),
);

/**
 * Browsers ask for the refresh token in a cookie instead of the body by sending this header with
 * the value `cookie` on register, login, refresh and logout. The cookie is `HttpOnly; Secure;
 * SameSite=Strict` on the path `/v1/auth`; refresh and logout read it only when the header is
 * there too — a custom header no other site can make a browser send (the API allows no CORS),
 * so a cross-site request cannot use the cookie (CSRF).
 */
export const TOKEN_DELIVERY_HEADER = "x-token-delivery";
export const TOKEN_DELIVERY_COOKIE = "cookie";
export const REFRESH_COOKIE = "seeyoo_refresh";
export const REFRESH_COOKIE_PATH = "/v1/auth";

/** The refresh token in the body; without it, the refresh cookie (with the token-delivery header). */
export const RefreshRequest = v.strictObject({ refreshToken: v.optional(RefreshTokenField) });
export type RefreshRequest = v.InferOutput<typeof RefreshRequest>;

export const LogoutRequest = v.strictObject({ refreshToken: v.optional(RefreshTokenField) });
export type LogoutRequest = v.InferOutput<typeof LogoutRequest>;

export const ChangePasswordRequest = v.strictObject({
  currentPassword: PresentedPassword,
  newPassword: Password,
});
export type ChangePasswordRequest = v.InferOutput<typeof ChangePasswordRequest>;

export const PublicUser = v.object({
  id: Uuid,
  email: v.pipe(v.string(), v.email()),
  name: v.string(),
  role: Role,
});
export type PublicUser = v.InferOutput<typeof PublicUser>;

export const AuthResponse = v.object({
  accessToken: v.string(),
  /** Absent when the refresh token was set as a cookie (the token-delivery header). */
  refreshToken: v.optional(v.string()),
  /** Seconds until the access token expires. */
  expiresIn: v.number(),
  user: PublicUser,
});
export type AuthResponse = v.InferOutput<typeof AuthResponse>;

/** Access tokens are JWTs of this type (RFC 9068), signed with this algorithm only. */
export const ACCESS_TOKEN_TYPE = "at+jwt";
export const ACCESS_TOKEN_ALGORITHM = "ES256";

const NumericDate = v.pipe(v.number("must be a number"), v.integer("must be whole seconds"));

/**
 * The claims of a SEEYOO access token: what the origin signs (it checks its own tokens against
 * this before signing) and what both verifiers, the edge's and the origin's, require.
 */
export const AccessTokenClaims = v.object({
  iss: v.pipe(v.string(), v.minLength(1)),
  aud: v.pipe(v.string(), v.minLength(1)),
  /** The user's id. */
  sub: Uuid,
  iat: NumericDate,
  exp: NumericDate,
  /** Unique per token (RFC 7519 §4.1.7). */
  jti: v.pipe(v.string(), v.minLength(1)),
  role: Role,
  /** The sign-in (refresh-token family, i.e. the device) the token was issued to. */
  sid: Uuid,
});
export type AccessTokenClaims = v.InferOutput<typeof AccessTokenClaims>;
