import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../test/accounts.ts";
import { startAdminOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
let token: string;
beforeAll(async () => ({ origin, adminToken: token } = await startAdminOrigin()));
afterAll(() => origin.close());

let serial = 0;
async function channel(): Promise<string> {
  const slug = `sec-${++serial}`;
  const res = await origin.request("POST", "/v1/admin/channels", {
    token,
    body: { slug, number: serial, name: slug, hlsPath: `/live/${slug}` },
  });
  return (await res.json()).id;
}
async function provider(): Promise<{ id: string; apiKey: string }> {
  return (await origin.request("POST", "/v1/admin/providers", { token, body: { name: "P" } })).json();
}

describe("who may assign channels", () => {
  it("is closed to anonymous callers, viewers and provider keys (a provider cannot assign itself channels)", async () => {
    const p = await provider();
    const ch = await channel();
    const viewer = await signUp(origin);
    const routes: [string, string, unknown?][] = [
      ["GET", `/v1/admin/providers/${p.id}/channels`],
      ["PUT", `/v1/admin/providers/${p.id}/channels/${ch}`, { providerChannelId: "mine" }],
      ["DELETE", `/v1/admin/providers/${p.id}/channels/${ch}`],
    ];
    for (const [method, path, body] of routes) {
      const options = body === undefined ? {} : { body };
      expect((await origin.request(method, path, options)).status, `${method} anonymous`).toBe(401);
      expect((await origin.request(method, path, { ...options, token: viewer.accessToken })).status).toBe(
        403,
      );
      expect((await origin.request(method, path, { ...options, token: p.apiKey })).status).toBe(401);
    }
    const list = await origin.request("GET", `/v1/admin/providers/${p.id}/channels`, { token });
    expect((await list.json()).channels).toEqual([]);
  });
});

describe("one provider per channel", () => {
  it("gives a channel to exactly one of ten providers assigning it at once, and answers the rest 409, never 500", async () => {
    const ch = await channel();
    const providers = await Promise.all(Array.from({ length: 10 }, () => provider()));
    const answers = await Promise.all(
      providers.map((p) =>
        origin.request("PUT", `/v1/admin/providers/${p.id}/channels/${ch}`, {
          token,
          body: { providerChannelId: "contested.tv" },
        }),
      ),
    );
    const statuses = answers.map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409, 409, 409, 409, 409, 409, 409, 409, 409]);
    const { rows } = await origin.services.pool.query(
      "select count(*)::int as n from provider_channels where channel_id = $1",
      [ch],
    );
    expect(rows[0]?.n).toBe(1);
  });
});
