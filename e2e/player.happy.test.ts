/**
 * A new viewer in a real browser: signs up, sees the line-up with now/next and the guide,
 * manages favourites, and watches a channel that really plays.
 */
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, inject, test } from "vitest";
import { activeChannels, newEmail, nth } from "./support/api-client.ts";
import { browserForSuite } from "./support/browser.ts";
import { channelRow, signUpInPlayer } from "./support/player-page.ts";

const stack = inject("stack");

describe.skipIf(!stack)("web player, happy path", () => {
  const { edgeUrl, artifactsDir, requirements } = stack ?? ({} as NonNullable<typeof stack>);
  const browser = browserForSuite();

  test("a new user signs up, sees the channel list and the guide, adds and reorders favourites", async () => {
    const { page } = browser;
    const channels = await activeChannels(edgeUrl);
    expect(channels.length).toBeGreaterThanOrEqual(3);
    const [first, second] = [nth(channels, 0), nth(channels, 1)];

    await page.goto(`${edgeUrl}/`);
    await signUpInPlayer(page, "E2E Viewer", newEmail("signup"));

    // The line-up, every active channel, with now/next from the guide.
    expect(await page.getByTestId("channel").count()).toBe(channels.length);
    expect(await page.getByTestId("user-name").textContent()).toBe("E2E Viewer");
    await page.getByTestId("now").first().waitFor();
    expect(await page.getByTestId("now").count()).toBeGreaterThanOrEqual(3);

    // The day grid: a row per channel, programmes in it.
    await page.getByTestId("nav-guide").click();
    await page.getByTestId("programme").first().waitFor();
    expect(await page.getByTestId("guide-row").count()).toBe(channels.length);
    await page.screenshot({ path: join(artifactsDir, "guide.png") });
    await page.getByTestId("guide-day").last().click(); // the seventh day ahead has a guide too
    await page.getByTestId("programme").first().waitFor();
    await page.goBack();
    await page.getByTestId("channel").first().waitFor();

    // Favourites: add two, they come first in the order added; move the second up; it sticks.
    await channelRow(page, second.name).getByTestId("favorite-toggle").click();
    await page.locator('[data-testid="favorites"] [data-testid="channel"]').first().waitFor();
    await channelRow(page, first.name).getByTestId("favorite-toggle").click();
    const favourites = page.locator('[data-testid="favorites"] [data-testid="channel"]');
    await expect.poll(() => favourites.count()).toBe(2);
    expect(
      await favourites.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-channel-name"))),
    ).toEqual([second.name, first.name]);
    await favourites.nth(1).getByTestId("favorite-up").click();
    await expect
      .poll(() => favourites.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-channel-name"))))
      .toEqual([first.name, second.name]);
    await page.reload();
    await favourites.first().waitFor();
    expect(
      await favourites.evaluateAll((rows) => rows.map((r) => r.getAttribute("data-channel-name"))),
    ).toEqual([first.name, second.name]);
    // Removing one leaves the other.
    await favourites.nth(1).getByTestId("favorite-toggle").click();
    await expect.poll(() => favourites.count()).toBe(1);
  });

  test.skipIf(!requirements?.ffmpeg)(
    "a channel plays live: currentTime advances at least 3 s after the first playing event",
    async () => {
      const { page } = browser;
      const first = nth(await activeChannels(edgeUrl), 0);
      await page.goto(`${edgeUrl}/`);
      await page.getByTestId("channel").first().waitFor();
      // Measured in the page: the first `playing` event, then currentTime against the clock.
      await page.evaluate(() => {
        const video = document.querySelector("video") as HTMLVideoElement;
        const w = window as unknown as { firstPlaying?: { at: number; currentTime: number } };
        video.addEventListener("playing", () => {
          w.firstPlaying ??= { at: performance.now(), currentTime: video.currentTime };
        });
      });
      await channelRow(page, first.name).getByTestId("play-channel").click();
      await page.waitForFunction(() => "firstPlaying" in window, null, { timeout: 30_000 });
      const progress = await page.evaluate(async () => {
        const video = document.querySelector("video") as HTMLVideoElement;
        const start = (window as unknown as { firstPlaying: { at: number; currentTime: number } })
          .firstPlaying;
        // At least 3.5 s of wall time, then as long as it takes (up to 15 s) to advance 3 s.
        const wall = () => performance.now() - start.at;
        while ((wall() < 3_500 || video.currentTime - start.currentTime < 3) && wall() < 15_000) {
          await new Promise((r) => setTimeout(r, 100));
        }
        return {
          advanced: video.currentTime - start.currentTime,
          wallSeconds: (performance.now() - start.at) / 1000,
          engine: video.dataset.engine,
          fatalError: video.dataset.fatalError ?? null,
        };
      });
      console.log(
        `[e2e] playback: currentTime advanced ${progress.advanced.toFixed(2)} s in ${progress.wallSeconds.toFixed(2)} s of wall time (${progress.engine})`,
      );
      expect(progress.fatalError).toBeNull();
      expect(progress.engine).toBe("hls.js");
      expect(progress.advanced).toBeGreaterThanOrEqual(3);
      expect(await page.locator('[data-testid="notice"]').isHidden()).toBe(true);

      const screenshot = join(artifactsDir, "player-playing.png");
      await page.screenshot({ path: screenshot });
      if (process.env.UPDATE_DOCS_SCREENSHOT)
        copyFileSync(screenshot, join(artifactsDir, "../../docs/player.png"));

      await page.getByTestId("stop").click();
      await page.getByTestId("player").waitFor({ state: "hidden" });
    },
  );
});
