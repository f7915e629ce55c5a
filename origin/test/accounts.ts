import { randomBytes } from "node:crypto";
import { users } from "@seeyoo/schema/db";
import type { AuthResponse } from "@seeyoo/schema/wire";
import { eq } from "drizzle-orm";
import type { TestOrigin } from "./origin-harness.ts";

export const uniqueEmail = (tag = "user") => `${tag}-${randomBytes(4).toString("hex")}@example.test`;

/** Registers a fresh account through the API; with `role: "admin"` promotes it and signs in again. */
export async function signUp(
  origin: TestOrigin,
  options: { role?: "viewer" | "admin"; email?: string; password?: string } = {},
): Promise<AuthResponse & { refreshToken: string; password: string }> {
  const email = options.email ?? uniqueEmail(options.role ?? "viewer");
  const password = options.password ?? "correct horse battery";
  const res = await origin.request("POST", "/v1/auth/register", {
    body: { email, password, name: "Test User" },
  });
  if (res.status !== 201) throw new Error(`register failed: ${res.status} ${await res.text()}`);
  let auth = (await res.json()) as AuthResponse;
  if (options.role === "admin") {
    await origin.services.db.update(users).set({ role: "admin" }).where(eq(users.id, auth.user.id));
    const login = await origin.request("POST", "/v1/auth/login", { body: { email, password } });
    auth = (await login.json()) as AuthResponse;
  }
  if (!auth.refreshToken) throw new Error("register answered without a refresh token");
  return { ...auth, refreshToken: auth.refreshToken, password };
}

/** Presents a refresh token to POST /v1/auth/refresh. */
export const refreshWith = (origin: TestOrigin, refreshToken: string) =>
  origin.request("POST", "/v1/auth/refresh", { body: { refreshToken } });

/** POST /v1/auth/password as the holder of `accessToken` (none: without a token). */
export const changePassword = (
  origin: TestOrigin,
  accessToken: string | undefined,
  passwords: { currentPassword: string; newPassword: string },
  headers: Record<string, string> = {},
) =>
  origin.request("POST", "/v1/auth/password", {
    body: passwords,
    headers,
    ...(accessToken ? { token: accessToken } : {}),
  });

/** POST /v1/auth/password as a signed-up account, presenting its own password unless told another. */
export const changeOwnPassword = (
  origin: TestOrigin,
  account: { accessToken: string; password: string },
  newPassword: string,
  currentPassword = account.password,
) => changePassword(origin, account.accessToken, { currentPassword, newPassword });
