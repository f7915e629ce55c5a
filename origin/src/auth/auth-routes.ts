/**
 * /v1/auth/* — register, login, refresh, logout (the edge forwards the apps' calls here). Every
 * call passes the rate limits first (auth-limits.ts in @seeyoo/http), counted by client network,
 * so a caller who reaches the origin directly is held to them too.
 */
import {
  authAttempts,
  type Count,
  jsonResponse,
  problemResponse,
  rateLimited,
  refreshCookieHeaders,
  refreshCookieParameter,
  routeDescriber,
  tokenDeliveryParameter,
  validated,
} from "@seeyoo/http";
import {
  AuthResponse,
  LoginRequest,
  LogoutRequest,
  ProblemError,
  type PublicUser,
  REFRESH_COOKIE,
  RefreshRequest,
  RegisterRequest,
  TOKEN_DELIVERY_HEADER,
} from "@seeyoo/schema/wire";
import { type Context, Hono } from "hono";
import { pgErrorCode } from "../db/database.ts";
import { jsonBodyLimit } from "../http/json-body-limit.ts";
import type { AppEnv, Services } from "../services.ts";
import { clientNetworkOf } from "./client-address.ts";
import { deviceNameFromUserAgent } from "./device-name.ts";
import { limitedPasswordCheck } from "./limited-password-check.ts";
import {
  clearedRefreshCookie,
  refreshCookie,
  refreshTokenFromCookie,
  wantsRefreshCookie,
} from "./refresh-cookie.ts";
import type { IssuedRefreshToken } from "./refresh-tokens.ts";
import { findUserById, findUserForLogin, insertUser } from "./user-store.ts";

const invalidCredentials = () => new ProblemError(401, "invalidCredentials", "Email or password is wrong");
const invalidRefreshToken = (headers: Record<string, string> = {}) =>
  new ProblemError(
    401,
    "invalidRefreshToken",
    "The refresh token is invalid, expired or revoked; sign in again",
    {
      headers,
    },
  );

const jsonErrors = {
  400: problemResponse("Invalid body, naming the fields; or not JSON"),
  413: problemResponse("Body over BODY_LIMIT_BYTES"),
  415: problemResponse("Not sent as application/json"),
  429: problemResponse("Too many attempts from this client network (or for this email); see Retry-After"),
};

const signedIn = {
  ...jsonResponse(
    "Signed in: the tokens (the refresh token only without cookie delivery) and the user",
    AuthResponse,
  ),
  headers: refreshCookieHeaders,
};

const describe = routeDescriber("Account", jsonErrors);
type Responses = Parameters<typeof describe>[1];

/** A route that signs in (register, login): its answer carries the refresh token in the body or as a cookie. */
const describeSignIn = (summary: string, responses: Responses) =>
  describe(summary, responses, { parameters: [tokenDeliveryParameter] });

/** A route that presents a refresh token (refresh, logout): in the body, or as the cookie. */
const describePresentedToken = (summary: string, responses: Responses) =>
  describe(summary, responses, { parameters: [tokenDeliveryParameter, refreshCookieParameter] });

type AuthContext = Context<AppEnv>;

/** Counts the attempt; a refused one answers 429 before any password or token work. */
async function admitted(c: AuthContext, counts: (client: string) => Count[]): Promise<void> {
  const admission = await c.var.services.authLimits.admit(counts(await clientNetworkOf(c)));
  if (!admission.verdict.allowed) throw rateLimited(admission.verdict);
}

/** The signed-in answer: the refresh token in the body, or as a cookie when the client asked so. */
async function signedInResponse(
  c: AuthContext,
  user: PublicUser,
  issued: IssuedRefreshToken,
  status: 200 | 201,
): Promise<Response> {
  const s: Services = c.var.services;
  const accessToken = await s.keys.signAccessToken({ sub: user.id, role: user.role, sid: issued.familyId });
  const body: AuthResponse = { accessToken, expiresIn: s.keys.accessTtlSeconds, user };
  if (wantsRefreshCookie(c)) {
    c.header("set-cookie", refreshCookie(issued.token, issued.expiresAt));
    return c.json(body, status);
  }
  return c.json({ ...body, refreshToken: issued.token }, status);
}

/** Signs `user` in on a new device (named by the request, else by its user agent). */
async function startSession(
  c: AuthContext,
  user: PublicUser,
  deviceName: string | undefined,
  status: 200 | 201,
): Promise<Response> {
  const device = deviceName ?? deviceNameFromUserAgent(c.req.header("user-agent"));
  return signedInResponse(c, user, await c.var.services.refreshTokens.startFamily(user.id, device), status);
}

/**
 * The refresh token of a refresh or logout: from the body, else — only with the token-delivery
 * header — from the cookie. A cookie never counts without the header.
 */
function presentedRefreshToken(c: AuthContext, fromBody: string | undefined): string | undefined {
  if (fromBody !== undefined) return fromBody;
  return wantsRefreshCookie(c) ? refreshTokenFromCookie(c) : undefined;
}

const missingRefreshToken = () =>
  new ProblemError(400, "validation", "Request validation failed", {
    errors: [
      {
        field: "refreshToken",
        message: `is required (or the ${REFRESH_COOKIE} cookie with ${TOKEN_DELIVERY_HEADER}: cookie)`,
      },
    ],
  });

export const authRoutes = new Hono<AppEnv>()
  .use(jsonBodyLimit)
  .post(
    "/register",
    describeSignIn("Create an account and sign in", {
      201: signedIn,
      409: problemResponse("The email is taken"),
    }),
    validated("json", RegisterRequest),
    async (c) => {
      await admitted(c, authAttempts.register);
      const { email, name, password, deviceName } = c.req.valid("json");
      const s = c.var.services;
      const passwordHash = await s.passwords.hash(password);
      let user: PublicUser;
      try {
        user = await insertUser(s.db, { email, name, passwordHash });
      } catch (error) {
        if (pgErrorCode(error) === "23505") {
          throw new ProblemError(409, "conflict", "An account with this email already exists", {
            errors: [{ field: "email", message: "is already registered" }],
          });
        }
        throw error;
      }
      return startSession(c, user, deviceName, 201);
    },
  )
  .post(
    "/login",
    describeSignIn("Sign in", { 200: signedIn, 401: problemResponse("Wrong email or password") }),
    validated("json", LoginRequest),
    async (c) => {
      const { email, password, deviceName } = c.req.valid("json");
      const s = c.var.services;
      const found = await findUserForLogin(s.db, email);
      // Same work, same answer for an unknown email and a wrong password.
      const ok = await limitedPasswordCheck(c, email, password, found?.passwordHash ?? null);
      if (!found || !ok) throw invalidCredentials();
      const { passwordHash: _hash, ...user } = found;
      return startSession(c, user, deviceName, 200);
    },
  )
  .post(
    "/refresh",
    describePresentedToken("Exchange a refresh token for new tokens (the old one is rotated out)", {
      200: signedIn,
      401: problemResponse("Unknown, expired or revoked refresh token; a reused one revokes its family"),
    }),
    validated("json", RefreshRequest),
    async (c) => {
      await admitted(c, authAttempts.tokenRequest);
      const s = c.var.services;
      const cookieMode = wantsRefreshCookie(c);
      const dead = () => invalidRefreshToken(cookieMode ? { "set-cookie": clearedRefreshCookie() } : {});
      const token = presentedRefreshToken(c, c.req.valid("json").refreshToken);
      if (token === undefined) throw cookieMode ? dead() : missingRefreshToken();
      const result = await s.refreshTokens.rotate(token);
      if (!result.ok) {
        if (result.reason === "reused") {
          s.metrics.refreshReuse.inc();
          s.logger.warn({ reqId: c.var.requestId }, "refresh token reuse detected; family revoked");
        }
        throw dead();
      }
      const user = await findUserById(s.db, result.userId);
      if (!user) throw dead();
      return signedInResponse(c, user, result, 200);
    },
  )
  .post(
    "/logout",
    describePresentedToken("Sign out: revokes the refresh token's family (idempotent)", {
      204: { description: "Signed out", headers: refreshCookieHeaders },
    }),
    validated("json", LogoutRequest),
    async (c) => {
      await admitted(c, authAttempts.tokenRequest);
      const cookieMode = wantsRefreshCookie(c);
      const token = presentedRefreshToken(c, c.req.valid("json").refreshToken);
      if (token === undefined && !cookieMode) throw missingRefreshToken();
      if (token !== undefined) await c.var.services.refreshTokens.revokeFamilyOf(token);
      if (cookieMode) c.header("set-cookie", clearedRefreshCookie());
      return c.body(null, 204);
    },
  );
