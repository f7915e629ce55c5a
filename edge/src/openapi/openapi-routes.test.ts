import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { edgeFetch } from "../../test/worker-harness.ts";
import { createApp } from "../app.ts";

type Doc = { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>> };

/** Hono's route list, in OpenAPI's path notation, without the documentation routes themselves. */
function publicRoutes(): string[] {
  const skip = new Set(["/v1/openapi.json", "/docs", "/healthz"]);
  return createApp()
    .routes.filter((r) => r.method !== "ALL" && !skip.has(r.path) && !r.path.endsWith("*"))
    .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:(\w+)/g, "{$1}")}`);
}

describe("GET /v1/openapi.json", () => {
  it("is an OpenAPI 3.1 document that lists every public route", async () => {
    const res = await edgeFetch("/v1/openapi.json");
    expect(res.status).toBe(200);
    const doc = await res.json<Doc>();
    expect(doc.openapi).toBe("3.1.0");
    const documented = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.keys(ops).map((m) => `${m} ${path}`),
    );
    const routes = publicRoutes();
    expect(routes.length).toBeGreaterThan(10);
    for (const route of routes) expect(documented, `missing from OpenAPI: ${route}`).toContain(route);
  });

  it("describes request and response bodies from the valibot schemas", async () => {
    type Content = { content: Record<string, { schema: { properties?: object } }> };
    type Operation = { requestBody: Content; responses: Record<string, Content> };
    const doc = await (await edgeFetch("/v1/openapi.json")).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();
    const register = doc.paths["/v1/auth/register"]?.post;
    expect(register?.requestBody.content["application/json"]?.schema.properties).toHaveProperty("password");
    const channels = doc.paths["/v1/channels"]?.get?.responses["200"]?.content["application/json"]?.schema;
    expect(JSON.stringify(channels)).toContain("allowedCountries");
  });

  it("marks exactly the signed-in routes as needing a bearer token, with their 401", async () => {
    type Operation = { security?: Record<string, string[]>[]; responses: Record<string, unknown> };
    const doc = await (await edgeFetch("/v1/openapi.json")).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();
    const guarded = Object.entries(doc.paths).flatMap(([path, ops]) =>
      Object.entries(ops)
        .filter(([, op]) => op.security?.some((s) => "bearerAuth" in s))
        .map(([method]) => `${method} ${path}`),
    );
    expect(guarded.sort()).toEqual(
      [
        "get /v1/me",
        "get /v1/me/favorites",
        "put /v1/me/favorites",
        "put /v1/me/favorites/{channelId}",
        "delete /v1/me/favorites/{channelId}",
        "get /v1/me/devices",
        "post /v1/me/devices/sign-out-others",
        "delete /v1/me/devices/{id}",
        "post /v1/auth/password",
        "post /v1/channels/{id}/playback",
        "post /v1/playback/{sessionId}/heartbeat",
        "delete /v1/playback/{sessionId}",
      ].sort(),
    );
    expect(doc.paths["/v1/me"]?.get?.responses).toHaveProperty("401");
  });
});

describe("GET /docs", () => {
  it("serves the interactive reference over the document", async () => {
    const res = await edgeFetch("/docs");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/html");
    expect(await res.text()).toContain("/v1/openapi.json");
  });

  it("loads only same-origin scripts, all of them static assets, under a CSP that forbids others and framing", async () => {
    const res = await edgeFetch("/docs");
    const csp = res.headers.get("content-security-policy") ?? "";
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    const html = await res.text();
    expect(html).not.toMatch(/<script(?![^>]*\ssrc=)/); // no inline script
    const assets = [...html.matchAll(/(?:src|href)="(?!data:)([^"]+)"/g)].map((m) => m[1] as string);
    expect(assets.length).toBeGreaterThanOrEqual(3);
    for (const asset of assets) {
      expect(asset, "relative, same-origin").toMatch(/^docs\/[\w.-]+$/);
      // Served by the edge's static assets (web/dist/docs), not by the Worker's script.
      const served = await (env as { ASSETS: Fetcher }).ASSETS.fetch(`https://edge.test/${asset}`);
      expect(served.status, asset).toBe(200);
      expect(served.headers.get("content-type")).toMatch(/^(text|application)\/(javascript|css)/);
    }
  });
});
