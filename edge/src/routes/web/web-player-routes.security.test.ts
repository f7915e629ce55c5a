import { describe, expect, it } from "vitest";
import { context, edgeFetch } from "../../../test/worker-harness.ts";

const cdnOrigin = new URL(context.bindings.CDN_BASE_URL ?? "").origin;

describe("the web player's pages", () => {
  it("are served with a CSP that allows only the player's own scripts and forbids framing", async () => {
    for (const path of ["/", "/guide", "/signin", "/sw.js"]) {
      const res = await edgeFetch(path);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      const directives = new Map(
        csp.split(/;\s*/).map((d) => [d.split(" ")[0], d.split(" ").slice(1)] as [string, string[]]),
      );
      expect(directives.get("script-src"), path).toEqual(["'self'"]);
      expect(directives.get("frame-ancestors"), path).toEqual(["'none'"]);
      expect(directives.get("default-src"), path).toEqual(["'self'"]);
      expect(directives.get("object-src"), path).toEqual(["'none'"]);
      // The player streams from the CDN (hls.js over MediaSource blobs), and from nowhere else.
      expect(directives.get("connect-src"), path).toEqual(["'self'", cdnOrigin]);
      expect(directives.get("media-src"), path).toEqual(["'self'", "blob:", cdnOrigin]);
      await res.body?.cancel();
    }
  });

  it("index.html is the player for its own routes, never for an API path", async () => {
    const page = await edgeFetch("/guide");
    expect(page.headers.get("content-type")).toContain("text/html");
    expect(await page.text()).toContain('<div id="app">');
    const api = await edgeFetch("/v1/not-a-route");
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
    expect(api.headers.get("content-security-policy")).toBeNull();
  });

  it("the API reference keeps its own, stricter policy", async () => {
    const res = await edgeFetch("/docs");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });
});
