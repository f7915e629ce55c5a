import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../test/accounts.ts";
import { type IngestKit, malformedXmlProblem, prog, startIngestKit, tv } from "./testing/ingest-test-kit.ts";

let kit: IngestKit;
const doc = tv(prog("s1.test", "10:00", "11:00", "Secret"));

beforeAll(async () => {
  kit = await startIngestKit();
  await kit.createChannels(["s1.test"]);
});
afterAll(() => kit.close());

async function expectUnauthorized(res: Response): Promise<void> {
  expect(res.status).toBe(401);
  expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="seeyoo-ingest"/);
  expect((await res.json()).type).toBe("https://seeyoo.tv/problems/unauthorized");
}

const storedCount = async () =>
  (await kit.origin.services.pool.query("select count(*)::int as n from epg_programs")).rows[0]?.n;

describe("provider authentication", () => {
  it("refuses a missing, unknown or malformed key with 401 and a challenge", async () => {
    await expectUnauthorized(
      await fetch(`${kit.origin.url}/v1/ingest/xmltv`, {
        method: "POST",
        headers: { "content-type": "application/xml" },
        body: doc,
      }),
    );
    await expectUnauthorized(await kit.postXmltv("sk_epg_not-a-real-key", doc));
    await expectUnauthorized(await kit.postXmltv("", doc));
    const basic = await fetch(`${kit.origin.url}/v1/ingest/json`, {
      method: "POST",
      headers: { "content-type": "application/json", authorization: "Basic dXNlcjpwYXNz" },
      body: "{}",
    });
    await expectUnauthorized(basic);
    expect(await storedCount()).toBe(0);
  });

  it("refuses a revoked key, and a signed-in admin's access token is no provider key", async () => {
    const provider = await kit.createProvider();
    expect((await kit.postXmltv(provider.apiKey, doc)).status).toBe(200);
    await kit.revokeProvider(provider.id);
    await expectUnauthorized(
      await kit.postXmltv(provider.apiKey, tv(prog("s1.test", "12:00", "13:00", "Late"))),
    );
    await expectUnauthorized(await kit.postXmltv(kit.adminToken, doc));
    expect(await storedCount()).toBe(1);
  });

  it("checks the key before reading the upload or its content type", async () => {
    const res = await kit.postXmltv("sk_epg_wrong", "not xml at all", {
      "content-type": "text/plain",
    });
    await expectUnauthorized(res);
  });
});

describe("admin ingest runs", () => {
  it("are closed to anonymous callers, viewers and provider keys", async () => {
    const provider = await kit.createProvider();
    expect((await kit.origin.request("GET", "/v1/admin/ingest-runs")).status).toBe(401);
    const viewer = await signUp(kit.origin);
    expect(
      (await kit.origin.request("GET", "/v1/admin/ingest-runs", { token: viewer.accessToken })).status,
    ).toBe(403);
    expect(
      (await kit.origin.request("GET", "/v1/admin/ingest-runs", { token: provider.apiKey })).status,
    ).toBe(401);
    expect((await kit.origin.request("GET", "/v1/admin/ingest-runs", { token: kit.adminToken })).status).toBe(
      200,
    );
  });

  it("never record the API key in a run", async () => {
    const provider = await kit.createProvider();
    await kit.postXmltv(provider.apiKey, tv(prog("s1.test", "14:00", "15:00", "Logged")));
    const { rows } = await kit.origin.services.pool.query("select * from ingest_runs");
    expect(JSON.stringify(rows)).not.toContain(provider.apiKey);
  });
});

describe("hostile XML", () => {
  it("answers an element with 20,000 attributes with 400 naming its line, and writes nothing", async () => {
    const provider = await kit.createProvider();
    const before = await storedCount();
    const attributes = Array.from({ length: 20_000 }, (_, i) => ` a${i}="${i}"`).join("");
    const xml = tv(`${prog("s1.test", "16:00", "17:00", "Fine")}\n<channel id="s1.test"${attributes}/>`);
    const problem = await malformedXmlProblem(await kit.postXmltv(provider.apiKey, xml));
    expect(problem.line).toBe(4);
    expect(problem.detail).toContain("more than 256 attributes in <channel>");
    expect(await storedCount()).toBe(before);
  });
});
