import { beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../test/accounts.ts";
import { malformedXmlProblem, useIngestKit } from "./testing/ingest-test-kit.ts";
import { FIXTURE_DAY, iso, prog, tv } from "./testing/xmltv-document.ts";

const kit = useIngestKit();
const doc = tv(prog("s1.test", "10:00", "11:00", "Secret"));

beforeAll(async () => {
  await kit.createChannels(["s1.test"]);
});

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
    const provider = await kit.createProvider("Provider", ["s1.test"]);
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
    await kit.createChannels(["s2.test"]);
    const provider = await kit.createProvider("Provider", ["s2.test"]);
    await kit.postXmltv(provider.apiKey, tv(prog("s2.test", "14:00", "15:00", "Logged")));
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
    const res = await kit.postXmltv(provider.apiKey, xml);
    // Refused before the upload was read to its end: the connection is not reused.
    expect(res.headers.get("connection")).toBe("close");
    const problem = await malformedXmlProblem(res);
    expect(problem.line).toBe(4);
    expect(problem.detail).toContain("more than 256 attributes in <channel>");
    expect(await storedCount()).toBe(before);
  });
});

describe("bad times and text in a JSON post", () => {
  it.each([
    ["an offset without minutes", { start: `${FIXTURE_DAY}T10:00:00+01` }, "start"],
    ["a negative offset without minutes", { stop: `${FIXTURE_DAY}T11:00:00-05` }, "stop"],
    ["a fraction before an hour-only offset", { start: `${FIXTURE_DAY}T10:00:00.5+01` }, "start"],
    ["31 February", { start: "2026-02-31T10:00:00Z" }, "start"],
    ["hour 24", { stop: `${FIXTURE_DAY}T24:00:00Z` }, "stop"],
    ["year 0000", { start: "0000-01-01T00:00:00Z" }, "start"],
    ["a year past 9999", { stop: "+10000-01-01T00:00:00Z" }, "stop"],
    ["a NUL in the title", { title: "News\u0000" }, "title"],
    ["a lone surrogate in the description", { description: "\udc00" }, "description"],
  ])(
    "answers %s with 400 naming the field, never a 500, and writes nothing",
    async (_case, change, field) => {
      const provider = await kit.createProvider();
      const before = await storedCount();
      const res = await kit.postJson(provider.apiKey, {
        programmes: [{ channel: "s1.test", start: iso("10:00"), stop: iso("11:00"), title: "Ok", ...change }],
      });
      expect(res.status).toBe(400);
      expect(res.headers.get("content-type")).toMatch(/^application\/problem\+json/);
      expect(await res.json()).toMatchObject({
        type: "https://seeyoo.tv/problems/validation",
        path: `programmes.0.${field}`,
        runId: expect.any(String),
      });
      expect(await storedCount()).toBe(before);
    },
  );

  it("names the impossible day instead of storing 3 March", async () => {
    const provider = await kit.createProvider();
    const res = await kit.postJson(provider.apiKey, {
      programmes: [
        { channel: "s1.test", start: "2026-02-31T10:00:00Z", stop: "2026-02-31T11:00:00Z", title: "X" },
      ],
    });
    const problem = await res.json();
    expect(problem.errors).toEqual([
      { field: "programmes.0.start", message: "day 31 does not exist in 2026-02" },
      { field: "programmes.0.stop", message: "day 31 does not exist in 2026-02" },
    ]);
  });
});
