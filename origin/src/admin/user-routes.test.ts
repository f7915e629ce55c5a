import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshWith, signUp } from "../../test/accounts.ts";
import { startAdminOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
let adminToken: string;
beforeAll(async () => {
  ({ origin, adminToken } = await startAdminOrigin());
});
afterAll(() => origin.close());

const erase = (id: string, token = adminToken) =>
  origin.request("DELETE", `/v1/admin/users/${id}`, { token });

describe("DELETE /v1/admin/users/:id", () => {
  it("deletes the account with its sign-ins: its refresh token and its access token stop working", async () => {
    const viewer = await signUp(origin);
    expect((await erase(viewer.user.id)).status).toBe(204);
    const { rows } = await origin.services.pool.query("select 1 from users where id = $1", [viewer.user.id]);
    expect(rows).toHaveLength(0);
    expect((await refreshWith(origin, viewer.refreshToken)).status).toBe(401);
    expect((await origin.request("GET", "/v1/me/devices", { token: viewer.accessToken })).status).toBe(401);
    expect((await erase(viewer.user.id)).status).toBe(404);
  });

  it("is for admins only, and names a malformed id", async () => {
    const viewer = await signUp(origin);
    expect((await erase(viewer.user.id, viewer.accessToken)).status).toBe(403);
    expect((await origin.request("DELETE", `/v1/admin/users/${viewer.user.id}`)).status).toBe(401);
    const res = await erase("not-a-uuid");
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([expect.objectContaining({ field: "id" })]);
  });
});
