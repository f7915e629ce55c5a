import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
let token: string;
beforeAll(async () => ({ origin, adminToken: token } = await startAdminOrigin()));
afterAll(() => origin.close());

let serial = 0;
async function channel(slug: string): Promise<string> {
  const res = await origin.request("POST", "/v1/admin/channels", {
    token,
    body: { slug, number: ++serial, name: `Name of ${slug}`, hlsPath: `/live/${slug}` },
  });
  return (await res.json()).id;
}
const provider = async (name: string): Promise<string> =>
  (await (await origin.request("POST", "/v1/admin/providers", { token, body: { name } })).json()).id;
const assign = (providerId: string, channelId: string, providerChannelId: string) =>
  origin.request("PUT", `/v1/admin/providers/${providerId}/channels/${channelId}`, {
    token,
    body: { providerChannelId },
  });
const list = async (providerId: string) =>
  (await (await origin.request("GET", `/v1/admin/providers/${providerId}/channels`, { token })).json())
    .channels;

describe("provider channel assignments", () => {
  it("assigns channels under the provider's own ids, lists them by our slug, renames and unassigns", async () => {
    const [erste, cnn] = [await channel("das-erste"), await channel("cnn")];
    const p = await provider("Aggregator");
    expect(await list(p)).toEqual([]);

    const created = await assign(p, erste, "DasErste.de");
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({
      channelId: erste,
      providerChannelId: "DasErste.de",
      slug: "das-erste",
      name: "Name of das-erste",
      assignedAt: expect.stringMatching(/Z$/),
    });
    const long = `CNN.us@HD/${"x".repeat(246)}`;
    expect(long).toHaveLength(256);
    expect((await assign(p, cnn, long)).status).toBe(201);

    // The same assignment again is no change; another id for the same channel renames it.
    const again = await assign(p, erste, "DasErste.de");
    expect(again.status).toBe(200);
    const renamed = await assign(p, erste, "daserste.de@SD");
    expect(renamed.status).toBe(200);
    expect((await renamed.json()).providerChannelId).toBe("daserste.de@SD");

    expect(
      (await list(p)).map((a: { slug: string; providerChannelId: string }) => [a.slug, a.providerChannelId]),
    ).toEqual([
      ["cnn", long],
      ["das-erste", "daserste.de@SD"],
    ]);

    const removed = await origin.request("DELETE", `/v1/admin/providers/${p}/channels/${cnn}`, { token });
    expect(removed.status).toBe(204);
    expect((await list(p)).map((a: { channelId: string }) => a.channelId)).toEqual([erste]);
  });

  it("lets two providers use the same id for different channels of ours", async () => {
    const [a, b] = [await channel("same-id-a"), await channel("same-id-b")];
    const [p1, p2] = [await provider("One"), await provider("Two")];
    expect((await assign(p1, a, "Sport1.de")).status).toBe(201);
    expect((await assign(p2, b, "Sport1.de")).status).toBe(201);
    expect((await list(p1))[0]).toMatchObject({ channelId: a, providerChannelId: "Sport1.de" });
    expect((await list(p2))[0]).toMatchObject({ channelId: b, providerChannelId: "Sport1.de" });
  });

  it("releases a revoked provider's channels so that its successor can take them", async () => {
    const ch = await channel("handover");
    const [old, successor] = [await provider("Old key"), await provider("New key")];
    expect((await assign(old, ch, "handover.tv")).status).toBe(201);
    expect((await assign(successor, ch, "handover.tv")).status).toBe(409);

    expect((await origin.request("DELETE", `/v1/admin/providers/${old}`, { token })).status).toBe(204);
    expect(await list(old)).toEqual([]);
    expect((await assign(successor, ch, "handover.tv")).status).toBe(201);
  });
});
