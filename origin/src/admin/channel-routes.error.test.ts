import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startAdminOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
let token: string;
beforeAll(async () => ({ origin, adminToken: token } = await startAdminOrigin()));
afterAll(() => origin.close());

const valid = { slug: "err.seeyoo.test", number: 7, name: "Seven", hlsPath: "/live/seven" };
const fields = async (res: Response) =>
  ((await res.json()).errors ?? []).map((e: { field: string }) => e.field).sort();

describe("admin channel validation", () => {
  it.each([
    ["a full URL as hlsPath", { ...valid, hlsPath: "https://cdn/live" }, ["hlsPath"]],
    ["a traversal in hlsPath", { ...valid, hlsPath: "/live/../secret" }, ["hlsPath"]],
    ["a lower-case country", { ...valid, allowedCountries: ["de"] }, ["allowedCountries.0"]],
    ["a fractional number", { ...valid, number: 1.5 }, ["number"]],
    ["a zero number", { ...valid, number: 0 }, ["number"]],
    ["a slug with spaces", { ...valid, slug: "a b" }, ["slug"]],
    ["a non-http logo", { ...valid, logoUrl: "javascript:alert(1)" }, ["logoUrl"]],
    ["active as a string", { ...valid, active: "yes" }, ["active"]],
    ["restartAllowed as a string", { ...valid, restartAllowed: "true" }, ["restartAllowed"]],
    ["more than seven days of catch-up", { ...valid, catchupHours: 169 }, ["catchupHours"]],
    ["negative catch-up", { ...valid, catchupHours: -1 }, ["catchupHours"]],
    ["fractional catch-up", { ...valid, catchupHours: 1.5 }, ["catchupHours"]],
    ["catch-up as a string", { ...valid, catchupHours: "24" }, ["catchupHours"]],
  ])("rejects %s with 400 naming the field", async (_c, body, expected) => {
    const res = await origin.request("POST", "/v1/admin/channels", { token, body });
    expect(res.status).toBe(400);
    expect(await fields(res)).toEqual(expected);
  });

  it("rejects out-of-range rights in a PATCH and changes nothing", async () => {
    const created = await (
      await origin.request("POST", "/v1/admin/channels", {
        token,
        body: { ...valid, slug: "rights.test", number: 71, catchupHours: 24 },
      })
    ).json();
    const res = await origin.request("PATCH", `/v1/admin/channels/${created.id}`, {
      token,
      body: { catchupHours: 200, restartAllowed: true },
    });
    expect(res.status).toBe(400);
    expect(await fields(res)).toEqual(["catchupHours"]);
    const after = await (await origin.request("GET", `/v1/admin/channels/${created.id}`, { token })).json();
    expect(after).toMatchObject({ catchupHours: 24, restartAllowed: false });
  });

  it("holds catch-up to 0..168 hours in the database too (CHECK), whatever writes it", async () => {
    const client = new pg.Client({ connectionString: origin.databaseUrl });
    await client.connect();
    try {
      const insert = (hours: number) =>
        client.query(
          `insert into channels (slug, number, name, hls_path, catchup_hours) values ($1, $2, 'x', '/live/x', $3)`,
          [`check-${hours}.test`, 9000 + hours, hours],
        );
      await expect(insert(169)).rejects.toMatchObject({
        code: "23514",
        constraint: "channels_catchup_hours_check",
      });
      await expect(insert(-1)).rejects.toMatchObject({ code: "23514" });
      await expect(insert(168)).resolves.toMatchObject({ rowCount: 1 });
    } finally {
      await client.end();
    }
  });

  it("rejects an empty PATCH", async () => {
    const created = await (
      await origin.request("POST", "/v1/admin/channels", {
        token,
        body: { ...valid, slug: "p.test", number: 70 },
      })
    ).json();
    const res = await origin.request("PATCH", `/v1/admin/channels/${created.id}`, { token, body: {} });
    expect(res.status).toBe(400);
  });

  it("answers 409 naming the field for a taken slug or number", async () => {
    await origin.request("POST", "/v1/admin/channels", {
      token,
      body: { ...valid, slug: "dup.test", number: 80 },
    });
    const sameSlug = await origin.request("POST", "/v1/admin/channels", {
      token,
      body: { ...valid, slug: "dup.test", number: 81 },
    });
    expect(sameSlug.status).toBe(409);
    expect(await fields(sameSlug)).toEqual(["slug"]);
    const sameNumber = await origin.request("POST", "/v1/admin/channels", {
      token,
      body: { ...valid, slug: "dup2.test", number: 80 },
    });
    expect(sameNumber.status).toBe(409);
    expect(await fields(sameNumber)).toEqual(["number"]);
  });

  it("answers 404 for an unknown id and 400 for a malformed id", async () => {
    const unknown = "7f0c1a8e-0000-4000-8000-000000000000";
    expect((await origin.request("GET", `/v1/admin/channels/${unknown}`, { token })).status).toBe(404);
    expect((await origin.request("DELETE", `/v1/admin/channels/${unknown}`, { token })).status).toBe(404);
    expect(
      (await origin.request("PATCH", `/v1/admin/channels/${unknown}`, { token, body: { name: "x" } })).status,
    ).toBe(404);
    const malformed = await origin.request("GET", "/v1/admin/channels/not-a-uuid", { token });
    expect(malformed.status).toBe(400);
    expect(await fields(malformed)).toEqual(["id"]);
  });
});
