import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
let token: string;
let providerId: string;
let channelId: string;
const UNKNOWN = "7f0c1a8e-0000-4000-8000-000000000000";

beforeAll(async () => {
  ({ origin, adminToken: token } = await startAdminOrigin());
  providerId = (
    await (await origin.request("POST", "/v1/admin/providers", { token, body: { name: "P" } })).json()
  ).id;
  channelId = await channel("err-a", 1);
});
afterAll(() => origin.close());

async function channel(slug: string, number: number): Promise<string> {
  const res = await origin.request("POST", "/v1/admin/channels", {
    token,
    body: { slug, number, name: slug, hlsPath: `/live/${slug}` },
  });
  return (await res.json()).id;
}
const assign = (p: string, c: string, body: unknown, headers?: Record<string, string>) =>
  origin.request("PUT", `/v1/admin/providers/${p}/channels/${c}`, {
    token,
    body,
    ...(headers ? { headers } : {}),
  });
const problem = async (res: Response) => ({
  status: res.status,
  type: res.headers.get("content-type")?.split(";")[0],
  fields: ((await res.json()).errors ?? []).map((e: { field: string }) => e.field),
});

describe("assignment validation", () => {
  it.each([
    ["an empty id", { providerChannelId: "" }],
    ["an id of 257 characters", { providerChannelId: "x".repeat(257) }],
    ["an id with surrounding whitespace", { providerChannelId: " DasErste.de" }],
    ["an id with a NUL", { providerChannelId: "Das\u0000Erste" }],
    ["an id with a lone surrogate", { providerChannelId: "Das\ud800Erste" }],
    ["a number", { providerChannelId: 7 }],
    ["an extra member", { providerChannelId: "ok", channel: "x" }],
  ])("answers %s with 400 naming the field, and assigns nothing", async (_case, body) => {
    const res = await assign(providerId, channelId, body);
    const p = await problem(res);
    expect(p.status).toBe(400);
    expect(p.type).toBe("application/problem+json");
    expect(p.fields.length).toBeGreaterThan(0);
    expect(p.fields.every((f: string) => f === "providerChannelId" || f === "channel")).toBe(true);
    const list = await origin.request("GET", `/v1/admin/providers/${providerId}/channels`, { token });
    expect((await list.json()).channels).toEqual([]);
  });

  it("answers malformed ids with 400, unknown ones with 404, and a non-JSON body with 415", async () => {
    expect((await assign("nope", channelId, { providerChannelId: "a" })).status).toBe(400);
    expect((await assign(providerId, "nope", { providerChannelId: "a" })).status).toBe(400);
    expect((await assign(UNKNOWN, channelId, { providerChannelId: "a" })).status).toBe(404);
    expect((await assign(providerId, UNKNOWN, { providerChannelId: "a" })).status).toBe(404);
    expect((await origin.request("GET", `/v1/admin/providers/${UNKNOWN}/channels`, { token })).status).toBe(
      404,
    );
    const unassigned = await origin.request(
      "DELETE",
      `/v1/admin/providers/${providerId}/channels/${channelId}`,
      {
        token,
      },
    );
    expect(unassigned.status).toBe(404);
    const text = await assign(providerId, channelId, "providerChannelId=a", { "content-type": "text/plain" });
    expect(text.status).toBe(415);
  });
});

describe("assignment conflicts", () => {
  it("answers 409 naming the field when the channel has another provider or the id names another channel", async () => {
    const other = (
      await (await origin.request("POST", "/v1/admin/providers", { token, body: { name: "Q" } })).json()
    ).id;
    const [a, b] = [await channel("conf-a", 10), await channel("conf-b", 11)];
    expect((await assign(providerId, a, { providerChannelId: "A.tv" })).status).toBe(201);

    const taken = await problem(await assign(other, a, { providerChannelId: "A.tv" }));
    expect(taken).toEqual({ status: 409, type: "application/problem+json", fields: ["channelId"] });
    const reused = await problem(await assign(providerId, b, { providerChannelId: "A.tv" }));
    expect(reused).toEqual({ status: 409, type: "application/problem+json", fields: ["providerChannelId"] });
    // Renaming onto an id the provider uses for another channel is the same clash.
    expect((await assign(providerId, b, { providerChannelId: "B.tv" })).status).toBe(201);
    const renamed = await problem(await assign(providerId, b, { providerChannelId: "A.tv" }));
    expect(renamed.fields).toEqual(["providerChannelId"]);
  });

  it("refuses to assign a channel to a revoked provider", async () => {
    const revoked = (
      await (await origin.request("POST", "/v1/admin/providers", { token, body: { name: "Gone" } })).json()
    ).id;
    await origin.request("DELETE", `/v1/admin/providers/${revoked}`, { token });
    const res = await assign(revoked, await channel("rev", 20), { providerChannelId: "x" });
    expect(res.status).toBe(409);
  });
});
