import { users } from "@seeyoo/schema/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin();
});
afterAll(() => origin.close());

const asAdmin = (token: string) => origin.request("GET", "/v1/admin/channels", { token });
const devicesOf = (token: string) => origin.request("GET", "/v1/me/devices", { token });

describe("a token outliving its account's state", () => {
  it("of a deleted admin opens no admin route (401), though it is still within its lifetime", async () => {
    const admin = await signUp(origin, { role: "admin" });
    expect((await asAdmin(admin.accessToken)).status).toBe(200);
    await origin.services.db.delete(users).where(eq(users.id, admin.user.id));
    const res = await asAdmin(admin.accessToken);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("of a demoted admin is a viewer's now (403)", async () => {
    const admin = await signUp(origin, { role: "admin" });
    await origin.services.db.update(users).set({ role: "viewer" }).where(eq(users.id, admin.user.id));
    expect((await asAdmin(admin.accessToken)).status).toBe(403);
  });

  it("of a deleted viewer lists no devices (401)", async () => {
    const viewer = await signUp(origin);
    expect((await devicesOf(viewer.accessToken)).status).toBe(200);
    await origin.services.db.delete(users).where(eq(users.id, viewer.user.id));
    expect((await devicesOf(viewer.accessToken)).status).toBe(401);
  });
});
