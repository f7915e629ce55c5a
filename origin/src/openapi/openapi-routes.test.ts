import { IngestJsonDocument, IngestReport } from "@seeyoo/schema/wire";
import * as v from "valibot";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";
import { createApp } from "../app.ts";
import { INGEST_EXAMPLES } from "../ingest/ingest-examples.ts";

type Content = Record<string, { schema?: Record<string, unknown>; example?: unknown }>;
type Operation = {
  security?: Record<string, string[]>[];
  requestBody?: { content: Content };
  responses: Record<string, { content?: Content }>;
};
type Doc = { openapi: string; paths: Record<string, Record<string, Operation>> };

let origin: TestOrigin;
let doc: Doc;
beforeAll(async () => {
  origin = await startTestOrigin();
  doc = await (await origin.request("GET", "/v1/openapi.json")).json();
});
afterAll(() => origin.close());

const operation = (method: string, path: string) => doc.paths[path]?.[method] as Operation;

describe("GET /v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document that lists every route of the origin", () => {
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    const own = new Set(["/v1/openapi.json", "/docs", "/docs/:file"]);
    const routes = createApp(origin.services)
      .routes.filter((r) => r.method !== "ALL" && !own.has(r.path))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
    expect(new Set(routes).size).toBeGreaterThan(15);
    for (const route of routes) expect(documented, `missing from OpenAPI: ${route}`).toContain(route);
  });

  it("names who may call each route: admins, providers, or anyone", () => {
    const schemes = (method: string, path: string) =>
      (operation(method, path).security ?? []).flatMap((s) => Object.keys(s));
    expect(schemes("get", "/v1/admin/channels")).toEqual(["bearerAuth"]);
    expect(schemes("delete", "/v1/admin/providers/{id}")).toEqual(["bearerAuth"]);
    expect(schemes("get", "/v1/admin/ingest-runs")).toEqual(["bearerAuth"]);
    expect(schemes("post", "/v1/ingest/xmltv")).toEqual(["providerKey"]);
    expect(schemes("post", "/v1/ingest/json")).toEqual(["providerKey"]);
    expect(schemes("post", "/v1/auth/login")).toEqual([]);
    expect(Object.keys(operation("get", "/v1/admin/channels").responses)).toEqual(
      expect.arrayContaining(["200", "401", "403"]),
    );
  });

  it("describes the ingest API: media types, the JSON schedule schema, the report and problem types", () => {
    const xmltv = operation("post", "/v1/ingest/xmltv");
    expect(Object.keys(xmltv.requestBody?.content ?? {}).sort()).toEqual(["application/xml", "text/xml"]);
    const json = operation("post", "/v1/ingest/json");
    const schedule = json.requestBody?.content["application/json"]?.schema;
    expect(JSON.stringify(schedule)).toContain("programmes");
    expect(JSON.stringify(schedule)).toContain("episodeOnscreen");
    const report = json.responses["200"]?.content?.["application/json"]?.schema;
    expect(JSON.stringify(report)).toContain("rejectedByReason");
    for (const status of ["400", "401", "409", "413", "415", "503"]) {
      const problem = json.responses[status]?.content?.["application/problem+json"]?.schema;
      expect(JSON.stringify(problem), `problem ${status}`).toContain("type");
    }
  });

  it("gives examples that the API accepts and answers with", async () => {
    const json = operation("post", "/v1/ingest/json");
    const xmltv = operation("post", "/v1/ingest/xmltv");
    expect(json.requestBody?.content["application/json"]?.example).toEqual(INGEST_EXAMPLES.json);
    expect(xmltv.requestBody?.content["application/xml"]?.example).toBe(INGEST_EXAMPLES.xmltv);
    expect(v.safeParse(IngestJsonDocument, INGEST_EXAMPLES.json).success).toBe(true);
    expect(v.safeParse(IngestReport, INGEST_EXAMPLES.report).success).toBe(true);

    const admin = await signUp(origin, { role: "admin" });
    const channel = await (
      await origin.request("POST", "/v1/admin/channels", {
        token: admin.accessToken,
        body: { slug: "example-news", number: 1, name: "Example News", hlsPath: "/live/news" },
      })
    ).json();
    const provider = await (
      await origin.request("POST", "/v1/admin/providers", { token: admin.accessToken, body: { name: "Doc" } })
    ).json();
    // The examples use the provider's own id for the channel, as a provider's file does.
    const assigned = await origin.request(
      "PUT",
      `/v1/admin/providers/${provider.id}/channels/${channel.id}`,
      {
        token: admin.accessToken,
        body: { providerChannelId: "news.example" },
      },
    );
    expect(assigned.status).toBe(201);
    const post = (path: string, body: string, type: string) =>
      origin.request("POST", path, { token: provider.apiKey, body, headers: { "content-type": type } });

    const fromXmltv = await post("/v1/ingest/xmltv", INGEST_EXAMPLES.xmltv, "application/xml");
    expect(fromXmltv.status).toBe(200);
    expect((await fromXmltv.json()).programmes).toMatchObject({ received: 2, inserted: 2, rejected: 0 });
    const fromJson = await post("/v1/ingest/json", JSON.stringify(INGEST_EXAMPLES.json), "application/json");
    expect(fromJson.status).toBe(200);
    const report = await fromJson.json();
    expect(v.safeParse(IngestReport, report).success).toBe(true);
    expect(report.programmes).toMatchObject({ received: 1, rejected: 0 });
  });
});

describe("GET /docs", () => {
  it("serves the reference with only same-origin scripts, under a CSP that forbids others and framing", async () => {
    const res = await origin.request("GET", "/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).toContain("/v1/openapi.json");
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/); // no inline script
    const assets = [...html.matchAll(/(?:src|href)="(?!data:)([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset, "relative, same-origin").toMatch(/^docs\/[\w.-]+$/);
      const served = await origin.request("GET", `/${asset}`);
      expect(served.status, asset).toBe(200);
      expect(served.headers.get("content-type")).toMatch(/^text\/(javascript|css)/);
    }
    expect((await origin.request("GET", "/docs/package.json")).status).toBe(404);
  });
});
