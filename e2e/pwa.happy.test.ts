/**
 * Installable and offline-capable: the manifest and its icons are served, the service worker
 * caches the app shell (and nothing from the API), and the app opens without a connection.
 */
import { describe, expect, inject, test } from "vitest";
import { newViewer } from "./support/api-client.ts";
import { browserForSuite } from "./support/browser.ts";
import { signIn } from "./support/player-page.ts";

const stack = inject("stack");

describe.skipIf(!stack)("web player as an app", () => {
  const { edgeUrl } = stack ?? ({} as NonNullable<typeof stack>);
  const browser = browserForSuite();

  test("the manifest names a standalone app with PNG icons that are served", async () => {
    await browser.page.goto(`${edgeUrl}/`);
    const href = await browser.page.locator('link[rel="manifest"]').getAttribute("href");
    const manifest = (await (await fetch(new URL(href ?? "", edgeUrl))).json()) as {
      display: string;
      start_url: string;
      icons: { src: string; sizes: string; type: string; purpose: string }[];
    };
    expect(manifest.display).toBe("standalone");
    expect(manifest.start_url).toBe("/");
    const sizes = manifest.icons.filter((i) => i.type === "image/png").map((i) => `${i.sizes} ${i.purpose}`);
    expect(sizes).toEqual(expect.arrayContaining(["192x192 any", "512x512 any", "512x512 maskable"]));
    for (const icon of manifest.icons) {
      const response = await fetch(new URL(icon.src, edgeUrl));
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toContain(icon.type);
    }
  });

  test("the service worker caches the app shell only, and the app opens offline", async () => {
    const { page, context } = browser;
    const viewer = await newViewer(edgeUrl, "pwa");
    await signIn(page, edgeUrl, viewer.email, viewer.password);
    const cached = await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
      const paths: string[] = [];
      for (const key of await caches.keys()) {
        for (const request of await (await caches.open(key)).keys())
          paths.push(new URL(request.url).pathname);
      }
      return paths;
    });
    expect(cached).toEqual(expect.arrayContaining(["/", "/manifest.webmanifest", "/icons/icon-192.png"]));
    expect(cached.some((path) => path.startsWith("/assets/app-") && path.endsWith(".js"))).toBe(true);
    expect(cached.filter((path) => path.startsWith("/v1/"))).toEqual([]);

    await context.setOffline(true);
    try {
      await page.reload();
      await page.locator('[data-testid="notice"][data-code="offline"]').waitFor();
    } finally {
      await context.setOffline(false);
    }
  });
});
