/**
 * Names an admin types — of channels and of EPG providers — cannot carry a NUL (Postgres text
 * cannot hold it) or a lone surrogate (it has no UTF-8 form): 400 naming the field, never a 500.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
let token: string;
beforeAll(async () => ({ origin, adminToken: token } = await startAdminOrigin()));
afterAll(() => origin.close());

const BAD = [
  ["a NUL", "News\u0000 24"],
  ["a lone high surrogate", "News \ud800"],
  ["a lone low surrogate", "\udfffNews"],
];

describe("names with characters that cannot be stored", () => {
  it.each(BAD)("refuses a provider name with %s", async (_case, name) => {
    const res = await origin.request("POST", "/v1/admin/providers", { token, body: { name } });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ field: "name", message: expect.any(String) }]);
    const list = await (await origin.request("GET", "/v1/admin/providers", { token })).json();
    expect(list.providers).toEqual([]);
  });

  it.each(BAD)("refuses a channel name with %s", async (_case, name) => {
    const res = await origin.request("POST", "/v1/admin/channels", {
      token,
      body: { slug: "named.test", number: 1, name, hlsPath: "/live/named" },
    });
    expect(res.status).toBe(400);
    expect((await res.json()).errors).toEqual([{ field: "name", message: expect.any(String) }]);
  });
});
