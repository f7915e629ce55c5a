/**
 * The API reference of both deployables in a real browser: it renders the operations of its own
 * OpenAPI document while loading nothing from any other host, and its CSP is never violated (so
 * the page works under `script-src 'self'`, and a script from elsewhere could not run there).
 */
import { describe, expect, inject, test } from "vitest";
import { browserForSuite } from "./support/browser.ts";

const stack = inject("stack");

describe.skipIf(!stack)("API reference pages (/docs)", () => {
  const { edgeUrl, originUrl } = stack ?? ({} as NonNullable<typeof stack>);
  const browser = browserForSuite();

  for (const [name, base, operation] of [
    ["edge", () => edgeUrl, "/v1/me/favorites"],
    ["origin", () => originUrl, "/v1/ingest/xmltv"],
  ] as const) {
    test(`the ${name}'s reference renders from its own host only, without CSP violations`, async () => {
      const page = await browser.context.newPage();
      const hosts = new Set<string>();
      page.on("request", (request) => hosts.add(new URL(request.url()).host));
      await page.addInitScript(() => {
        const seen: string[] = [];
        Object.assign(window, { cspViolations: seen });
        document.addEventListener("securitypolicyviolation", (e) =>
          seen.push(`${e.violatedDirective} ${e.blockedURI}`),
        );
      });
      const response = await page.goto(`${base()}/docs`);
      expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
      await page.locator(".opblock").first().waitFor();
      expect(await page.locator(".opblock-summary-path", { hasText: operation }).count()).toBeGreaterThan(0);
      expect(
        await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
      ).toEqual([]);
      expect([...hosts]).toEqual([new URL(base()).host]);
      await page.close();
    });
  }
});
