import { epgProviders } from "@seeyoo/schema/db";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../test/accounts.ts";
import { startAdminOrigin, type TestOrigin } from "../../test/origin-harness.ts";
import { sha256Hex } from "../auth/token-hash.ts";
import { findActiveProviderByKey } from "./provider-store.ts";

let origin: TestOrigin;
let token: string;
beforeAll(async () => ({ origin, adminToken: token } = await startAdminOrigin()));
afterAll(() => origin.close());

describe("admin providers", () => {
  it("shows the API key once, stores only its hash, lists without it, and revokes on delete", async () => {
    const res = await origin.request("POST", "/v1/admin/providers", { token, body: { name: "Gracenote" } });
    expect(res.status).toBe(201);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const created = await res.json();
    expect(created.apiKey).toMatch(/^sk_epg_[A-Za-z0-9_-]{43}$/);

    const [row] = await origin.services.db.select().from(epgProviders).where(eq(epgProviders.id, created.id));
    expect(row?.apiKeyHash).toBe(sha256Hex(created.apiKey));
    expect(JSON.stringify(row)).not.toContain(created.apiKey);

    const listText = await (await origin.request("GET", "/v1/admin/providers", { token })).text();
    expect(listText).not.toContain(created.apiKey);
    const list = JSON.parse(listText);
    expect(list.providers).toEqual([
      expect.objectContaining({
        id: created.id,
        name: "Gracenote",
        apiKeyPrefix: created.apiKey.slice(0, 13),
        revokedAt: null,
      }),
    ]);

    expect(await findActiveProviderByKey(origin.services.db, created.apiKey)).toMatchObject({
      id: created.id,
    });
    expect((await origin.request("DELETE", `/v1/admin/providers/${created.id}`, { token })).status).toBe(204);
    expect(await findActiveProviderByKey(origin.services.db, created.apiKey)).toBeUndefined();
  });

  it("validates the name and answers 404 for an unknown provider", async () => {
    const bad = await origin.request("POST", "/v1/admin/providers", { token, body: { name: "" } });
    expect(bad.status).toBe(400);
    const unknown = await origin.request(
      "DELETE",
      "/v1/admin/providers/7f0c1a8e-0000-4000-8000-000000000000",
      {
        token,
      },
    );
    expect(unknown.status).toBe(404);
  });

  it("is closed to viewers", async () => {
    const viewer = await signUp(origin);
    const res = await origin.request("POST", "/v1/admin/providers", {
      token: viewer.accessToken,
      body: { name: "X" },
    });
    expect(res.status).toBe(403);
  });
});
