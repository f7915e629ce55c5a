/**
 * POST /v1/auth/password — change the password with the current one. Checking the current
 * password counts like a sign-in (the same rate limits: a stolen access token must not become an
 * unlimited password oracle); a changed password signs out every other device, in the same
 * transaction as the change.
 */
import { problemResponse, routeDescriber, validated } from "@seeyoo/http";
import { ChangePasswordRequest, ProblemError } from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { jsonBodyLimit } from "../http/json-body-limit.ts";
import type { AppEnv } from "../services.ts";
import { signOutOtherDevices } from "./device-store.ts";
import { limitedPasswordCheck } from "./limited-password-check.ts";
import { requireViewer } from "./require-viewer.ts";
import { findCredentialsById, updatePasswordHash } from "./user-store.ts";

const describe = routeDescriber("Account", {
  400: problemResponse("Invalid body, naming the fields"),
  429: problemResponse("Too many attempts; see Retry-After"),
});

export const passwordRoutes = new Hono<AppEnv>().use(jsonBodyLimit).post(
  "/password",
  describe("Change my password; signs out every other device", {
    204: { description: "Changed; every other device is signed out" },
    403: problemResponse("The current password is wrong"),
  }),
  requireViewer,
  validated("json", ChangePasswordRequest),
  async (c) => {
    const s = c.var.services;
    const { id, sessionId } = c.var.viewer;
    const { currentPassword, newPassword } = c.req.valid("json");
    const account = await findCredentialsById(s.db, id);
    if (!account) throw new ProblemError(401, "unauthorized", "This account no longer exists");
    const ok = await limitedPasswordCheck(c, account.email, currentPassword, account.passwordHash);
    // 403, not 401: the access token is fine, and a 401 would make clients refresh and repeat.
    if (!ok) throw new ProblemError(403, "invalidCredentials", "The current password is wrong");
    const passwordHash = await s.passwords.hash(newPassword);
    await s.db.transaction(async (tx) => {
      await updatePasswordHash(tx, id, passwordHash);
      await signOutOtherDevices(tx, id, sessionId, "password-change");
    });
    return c.body(null, 204);
  },
);
