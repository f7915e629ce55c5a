/** /v1/auth/* — register, login, refresh, logout (the edge forwards the apps' calls here). */
import { jsonResponse, problemResponse, routeDescriber, validated } from "@seeyoo/http";
import {
  AuthResponse,
  LoginRequest,
  LogoutRequest,
  ProblemError,
  type PublicUser,
  RefreshRequest,
  RegisterRequest,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { pgErrorCode } from "../db/database.ts";
import { jsonBodyLimit } from "../http/json-body-limit.ts";
import type { AppEnv, Services } from "../services.ts";
import { findUserById, findUserForLogin, insertUser } from "./user-store.ts";

const invalidCredentials = () => new ProblemError(401, "invalidCredentials", "Email or password is wrong");
const invalidRefreshToken = () =>
  new ProblemError(
    401,
    "invalidRefreshToken",
    "The refresh token is invalid, expired or revoked; sign in again",
  );

const jsonErrors = {
  400: problemResponse("Invalid body, naming the fields; or not JSON"),
  413: problemResponse("Body over BODY_LIMIT_BYTES"),
  415: problemResponse("Not sent as application/json"),
};

const signedIn = jsonResponse("Signed in: the tokens and the user", AuthResponse);

const describe = routeDescriber("Account", jsonErrors);

async function authResponse(s: Services, user: PublicUser, refreshToken: string): Promise<AuthResponse> {
  const accessToken = await s.keys.signAccessToken({ sub: user.id, role: user.role });
  return { accessToken, refreshToken, expiresIn: s.keys.accessTtlSeconds, user };
}

export const authRoutes = new Hono<AppEnv>()
  .use(jsonBodyLimit)
  .post(
    "/register",
    describe("Create an account and sign in", { 201: signedIn, 409: problemResponse("The email is taken") }),
    validated("json", RegisterRequest),
    async (c) => {
      const { email, name, password } = c.req.valid("json");
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
      const refreshToken = await s.refreshTokens.startFamily(user.id);
      return c.json(await authResponse(s, user, refreshToken), 201);
    },
  )
  .post(
    "/login",
    describe("Sign in", { 200: signedIn, 401: problemResponse("Wrong email or password") }),
    validated("json", LoginRequest),
    async (c) => {
      const { email, password } = c.req.valid("json");
      const s = c.var.services;
      const found = await findUserForLogin(s.db, email);
      // Same work, same answer for an unknown email and a wrong password.
      const ok = await s.passwords.verify(password, found?.passwordHash ?? null);
      if (!found || !ok) throw invalidCredentials();
      const { passwordHash: _hash, ...user } = found;
      const refreshToken = await s.refreshTokens.startFamily(user.id);
      return c.json(await authResponse(s, user, refreshToken), 200);
    },
  )
  .post(
    "/refresh",
    describe("Exchange a refresh token for new tokens (the old one is rotated out)", {
      200: signedIn,
      401: problemResponse("Unknown, expired or revoked refresh token; a reused one revokes its family"),
    }),
    validated("json", RefreshRequest),
    async (c) => {
      const s = c.var.services;
      const result = await s.refreshTokens.rotate(c.req.valid("json").refreshToken);
      if (!result.ok) {
        if (result.reason === "reused") {
          s.metrics.refreshReuse.inc();
          s.logger.warn({ reqId: c.var.requestId }, "refresh token reuse detected; family revoked");
        }
        throw invalidRefreshToken();
      }
      const user = await findUserById(s.db, result.userId);
      if (!user) throw invalidRefreshToken();
      return c.json(await authResponse(s, user, result.refreshToken), 200);
    },
  )
  .post(
    "/logout",
    describe("Sign out: revokes the refresh token's family (idempotent)", {
      204: { description: "Signed out" },
    }),
    validated("json", LogoutRequest),
    async (c) => {
      await c.var.services.refreshTokens.revokeFamilyOf(c.req.valid("json").refreshToken);
      return c.body(null, 204);
    },
  );
