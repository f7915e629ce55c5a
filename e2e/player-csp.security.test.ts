/**
 * The web player under its Content-Security-Policy: the page and the service worker carry it, a
 * channel still signs up, lists and plays (hls.js, MediaSource blobs, the CDN) without a single
 * violation, and an injected inline script does not run.
 */
import { describe, expect, inject, test } from "vitest";
import { activeChannels, newEmail, nth } from "./support/api-client.ts";
import { browserForSuite } from "./support/browser.ts";
import { channelRow, signUpInPlayer } from "./support/player-page.ts";

const stack = inject("stack");

describe.skipIf(!stack)("web player, Content-Security-Policy", () => {
  const { edgeUrl, cdnUrl, requirements } = stack ?? ({} as NonNullable<typeof stack>);
  const browser = browserForSuite();

  test("the player's pages and its service worker carry the policy", async () => {
    for (const path of ["/", "/guide", "/sw.js"]) {
      const res = await fetch(`${edgeUrl}${path}`);
      expect(res.status, path).toBe(200);
      const csp = res.headers.get("content-security-policy") ?? "";
      expect(csp, path).toContain("script-src 'self'");
      expect(csp, path).toContain("frame-ancestors 'none'");
      expect(csp, path).toContain(`connect-src 'self' ${new URL(cdnUrl).origin}`);
      expect(csp, path).not.toContain("unsafe-eval");
    }
    // The hashed bundles are served as they are; the API never falls back to the player.
    const api = await fetch(`${edgeUrl}/v1/no-such-route`);
    expect(api.status).toBe(404);
    expect(api.headers.get("content-type")).toBe("application/problem+json");
  });

  test.skipIf(!requirements?.ffmpeg)("signs up and plays a channel with no violation", async () => {
    const { page } = browser;
    await page.addInitScript(() => {
      const w = window as unknown as { cspViolations: string[] };
      w.cspViolations = [];
      document.addEventListener("securitypolicyviolation", (e) =>
        w.cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`),
      );
    });
    const consoleViolations: string[] = [];
    page.on("console", (message) => {
      if (/Content Security Policy/i.test(message.text())) consoleViolations.push(message.text());
    });

    const response = await page.goto(`${edgeUrl}/`);
    expect(response?.headers()["content-security-policy"]).toContain("script-src 'self'");
    await signUpInPlayer(page, "CSP Viewer", newEmail("csp"));

    const first = nth(await activeChannels(edgeUrl), 0);
    await channelRow(page, first.name).getByTestId("play-channel").click();
    const played = await page.waitForFunction(
      () => {
        const video = document.querySelector("video");
        return video && video.currentTime > 1 ? { engine: video.dataset.engine ?? "" } : null;
      },
      null,
      { timeout: 30_000 },
    );
    expect((await played.jsonValue())?.engine).toBe("hls.js");
    await page.getByTestId("nav-guide").click(); // the grid positions programmes with style attributes
    await page.getByTestId("programme").first().waitFor();

    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([]);
    expect(consoleViolations).toEqual([]);

    // An injected inline script (what an XSS bug would add) does not run, and is reported.
    const ran = await page.evaluate(async () => {
      const script = document.createElement("script");
      script.textContent = "window.injected = true";
      document.body.append(script);
      await new Promise((r) => setTimeout(r, 100));
      return "injected" in window;
    });
    expect(ran).toBe(false);
    expect(
      await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    ).toEqual([expect.stringMatching(/^script-src/)]);
  });
});
