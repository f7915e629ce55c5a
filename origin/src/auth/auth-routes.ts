/** /v1/auth/* — register, login, refresh, logout. */
import {
  type AuthResponse,
  LoginRequest,
  LogoutRequest,
  ProblemError,
  type PublicUser,
  RefreshRequest,
  RegisterRequest,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { pgErrorCode } from "../db/database.ts";
import { jsonBody } from "../http/validate.ts";
import type { AppEnv, Services } from "../services.ts";
import { findUserById, findUserForLogin, insertUser } from "./user-store.ts";

const invalidCredentials = () => new ProblemError(401, "invalidCredentials", "Email or password is wrong");
const invalidRefreshToken = () =>
  new ProblemError(
    401,
    "invalidRefreshToken",
    "The refresh token is invalid, expired or revoked; sign in again",
  );

async function authResponse(s: Services, user: PublicUser, refreshToken: string): Promise<AuthResponse> {
  const accessToken = await s.keys.signAccessToken({ sub: user.id, role: user.role });
  return { accessToken, refreshToken, expiresIn: s.keys.accessTtlSeconds, user };
}

export const authRoutes = new Hono<AppEnv>()
  .post("/register", async (c) => {
    const s = c.var.services;
    const body = await jsonBody(c, RegisterRequest);
    const passwordHash = await s.passwords.hash(body.password);
    let user: PublicUser;
    try {
      user = await insertUser(s.db, { email: body.email, name: body.name, passwordHash });
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
  })
  .post("/login", async (c) => {
    const s = c.var.services;
    const body = await jsonBody(c, LoginRequest);
    const found = await findUserForLogin(s.db, body.email);
    // Same work, same answer for an unknown email and a wrong password.
    const ok = await s.passwords.verify(body.password, found?.passwordHash ?? null);
    if (!found || !ok) throw invalidCredentials();
    const { passwordHash: _hash, ...user } = found;
    const refreshToken = await s.refreshTokens.startFamily(user.id);
    return c.json(await authResponse(s, user, refreshToken), 200);
  })
  .post("/refresh", async (c) => {
    const s = c.var.services;
    const body = await jsonBody(c, RefreshRequest);
    const result = await s.refreshTokens.rotate(body.refreshToken);
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
  })
  .post("/logout", async (c) => {
    const body = await jsonBody(c, LogoutRequest);
    await c.var.services.refreshTokens.revokeFamilyOf(body.refreshToken);
    return c.body(null, 204);
  });
