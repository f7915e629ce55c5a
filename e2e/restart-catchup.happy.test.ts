/**
 * Restart, catch-up and the seek bar in a real browser, against the demo line-up's rights (SEEYOO
 * One: restart + 7 days of catch-up; SEEYOO News: restart only; the others: neither). Where the
 * playhead is comes from the player's seek bar, whose value is the playhead's program-date-time
 * (epoch ms) as hls.js reads it from the playlists.
 */
import type { Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { activeChannels, newViewer } from "./support/api-client.ts";
import { type Browser, openBrowser } from "./support/browser.ts";
import { channelRow, signIn } from "./support/player-page.ts";

const stack = inject("stack");

type Channel = Awaited<ReturnType<typeof activeChannels>>[number];

/** The playhead (epoch ms) once the seek bar shows one, with the end of what can be seeked. */
async function playhead(page: Page): Promise<{ playheadMs: number; endMs: number }> {
  await page.getByTestId("seek").waitFor({ state: "visible", timeout: 90_000 });
  return page.getByTestId("seek-bar").evaluate((el) => {
    const range = el as HTMLInputElement;
    return { playheadMs: Number(range.value), endMs: Number(range.max) };
  });
}

/**
 * Playback tests wait for progress, never for a speed: on a loaded 2-core machine Chromium decodes
 * slower than real time and stalls while segments load, so a few seconds of playhead movement can
 * take a minute of wall time. Each such test gets this much time in all.
 */
const PLAYBACK_TEST_MS = 240_000;

/** Waits until the playhead has moved `ms` past `from` (it plays), returning where it is. */
async function advancedPast(page: Page, from: number, ms: number): Promise<number> {
  let now = from;
  await expect
    .poll(
      async () => {
        now = (await playhead(page)).playheadMs;
        return now - from;
      },
      { timeout: 90_000, interval: 250 },
    )
    .toBeGreaterThanOrEqual(ms);
  return now;
}

describe.skipIf(!stack)("restart, catch-up and seeking in the web player", () => {
  const { edgeUrl, requirements } = stack ?? ({} as NonNullable<typeof stack>);
  let browser: Browser;
  let viewer: Awaited<ReturnType<typeof newViewer>>;
  let byName: Map<string, Channel>;
  const fatalError = (page: Page) =>
    page.getByTestId("video").evaluate((v) => (v as HTMLVideoElement).dataset.fatalError ?? null);

  beforeAll(async () => {
    viewer = await newViewer(edgeUrl, "timeshift");
    byName = new Map((await activeChannels(edgeUrl)).map((c) => [c.name, c]));
    browser = await openBrowser();
    await signIn(browser.page, edgeUrl, viewer.email, viewer.password);
  });
  afterAll(async () => {
    await browser?.close();
  });

  const channel = (name: string) => {
    const found = byName.get(name);
    if (!found) throw new Error(`the demo line-up has no ${name}`);
    return found;
  };

  /** A test that plays SEEYOO One in the browser: it needs the encoded test channels (ffmpeg). */
  const playbackTest = (name: string, body: (page: Page, one: Channel) => Promise<void>) =>
    test.skipIf(!requirements?.ffmpeg)(
      name,
      () => body(browser.page, channel("SEEYOO One")),
      PLAYBACK_TEST_MS,
    );

  test("the demo channels carry their rights in the channel list", () => {
    expect(channel("SEEYOO One")).toMatchObject({ restartAllowed: true, catchupHours: 168 });
    expect(channel("SEEYOO News")).toMatchObject({ restartAllowed: true, catchupHours: 0 });
    expect(channel("SEEYOO Sport")).toMatchObject({ restartAllowed: false, catchupHours: 0 });
    expect(channel("Cinema Classic")).toMatchObject({ restartAllowed: false, catchupHours: 0 });
  });

  test("a channel without the rights offers neither action in the guide, and the API refuses both", async () => {
    const { page } = browser;
    await page.goto(`${edgeUrl}/guide`);
    const cinema = channel("Cinema Classic");
    const news = channel("SEEYOO News");
    const row = (c: Channel) => page.locator(`[data-testid="guide-row"][data-channel-id="${c.id}"]`);
    await row(cinema).getByTestId("programme").first().waitFor();
    expect(await row(cinema).locator("[data-action]").count()).toBe(0);
    // News restarts the programme on air but replays nothing.
    await row(news).locator('[data-action="restart"]').waitFor();
    expect(await row(news).locator('[data-action="replay"]').count()).toBe(0);
    await page.getByTestId("guide-day").first().click(); // yesterday
    await row(news).getByTestId("programme").first().waitFor();
    expect(await row(news).locator('[data-action="replay"]').count()).toBe(0);
    expect(await row(cinema).locator("[data-action]").count()).toBe(0);

    const { data: now } = await viewer.api.GET("/v1/epg/now");
    const onAir = now?.channels.find((c) => c.channelId === cinema.id)?.now;
    expect(onAir).toBeTruthy();
    const refused = await viewer.api.POST("/v1/channels/{id}/playback", {
      params: { path: { id: cinema.id } },
      body: { programmeId: onAir?.id as string },
    });
    expect(refused.response.status).toBe(403);
    expect(refused.error).toMatchObject({ type: "https://seeyoo.tv/problems/restart-not-allowed" });
    const past = await viewer.api.POST("/v1/channels/{id}/playback", {
      params: { path: { id: cinema.id } },
      body: { startAt: new Date(Date.parse(onAir?.start as string) - 60_000).toISOString() },
    });
    expect(past.response.status).toBe(403);
    expect(past.error).toMatchObject({ type: "https://seeyoo.tv/problems/catchup-not-allowed" });
  });

  playbackTest(
    "watch from start: the playhead's program-date-time is within 10 s of the programme's start, and advances",
    async (page, one) => {
      await page.goto(`${edgeUrl}/`);
      await channelRow(page, one.name).getByTestId("play-channel").click();
      await page.locator('[data-testid="player-kind"][data-kind=""]').waitFor({ state: "attached" });
      const fromStart = page.getByTestId("watch-from-start");
      await fromStart.waitFor({ state: "visible", timeout: 15_000 });
      await fromStart.click();
      await page.locator('[data-testid="player-kind"][data-kind="restart"]').waitFor({ state: "attached" });

      const { data: now } = await viewer.api.GET("/v1/epg/now");
      const programme = now?.channels.find((c) => c.channelId === one.id)?.now;
      const startMs = Date.parse(programme?.start as string);
      const first = await playhead(page);
      console.log(
        `[e2e] restart: playhead ${new Date(first.playheadMs).toISOString()}, programme start ${programme?.start} (${((first.playheadMs - startMs) / 1000).toFixed(1)} s)`,
      );
      expect(Math.abs(first.playheadMs - startMs)).toBeLessThanOrEqual(10_000);
      expect(await page.getByTestId("player-kind").textContent()).toContain("From start");
      await advancedPast(page, first.playheadMs, 2_000);
      expect(await fatalError(page)).toBeNull();
      await page.getByTestId("stop").click();
      await page.getByTestId("player").waitFor({ state: "hidden" });
    },
  );

  playbackTest(
    "catch-up: a past programme in the guide says Replay, plays, and its playlist ends",
    async (page, one) => {
      const playlists: { url: string; body: string }[] = [];
      page.on("response", async (response) => {
        if (/\/index\.m3u8\?/.test(response.url()) && response.url().includes("end=")) {
          playlists.push({ url: response.url(), body: await response.text().catch(() => "") });
        }
      });
      await page.goto(`${edgeUrl}/guide`);
      await page.getByTestId("guide-day").first().click(); // yesterday: every programme has ended
      const replay = page.locator(
        `[data-testid="guide-row"][data-channel-id="${one.id}"] [data-action="replay"]`,
      );
      await replay.last().waitFor();
      expect(await replay.last().textContent()).toContain("Replay");
      await replay.last().click();

      await page.locator('[data-testid="player-kind"][data-kind="catchup"]').waitFor({ state: "attached" });
      expect(await page.getByTestId("player-kind").textContent()).toContain("Replay");
      const first = await playhead(page);
      await advancedPast(page, first.playheadMs, 2_000);
      expect(await fatalError(page)).toBeNull();
      expect(await page.getByTestId("go-live").isHidden()).toBe(true);
      expect(playlists.length).toBeGreaterThan(0);
      expect(playlists[0]?.body.trimEnd().endsWith("#EXT-X-ENDLIST")).toBe(true);
      await page.getByTestId("stop").click();
    },
  );

  playbackTest(
    "live: seeking back 60 s plays from a minute earlier, and Live jumps back",
    async (page, one) => {
      await page.goto(`${edgeUrl}/`);
      await channelRow(page, one.name).getByTestId("play-channel").click();
      await page.locator('[data-testid="seek"][data-at-live-edge="true"]').waitFor({ timeout: 90_000 });
      const live = await playhead(page);
      const target = live.playheadMs - 60_000;

      await page.getByTestId("seek-bar").evaluate((el, to) => {
        const range = el as HTMLInputElement;
        range.value = String(to);
        range.dispatchEvent(new Event("change"));
      }, target);
      await page.locator('[data-testid="seek"][data-at-live-edge="false"]').waitFor();
      // Where the playhead landed (before any rebuffering from there), then that it plays on.
      const landed = (await playhead(page)).playheadMs;
      console.log(`[e2e] seek: landed ${((landed - target) / 1000).toFixed(1)} s after the asked instant`);
      expect(landed).toBeGreaterThanOrEqual(target - 2_000);
      expect(landed).toBeLessThanOrEqual(target + 10_000);
      await advancedPast(page, landed, 1_000);
      const { playheadMs, endMs } = await playhead(page);
      expect(endMs - playheadMs).toBeGreaterThanOrEqual(50_000);
      expect(await page.getByTestId("seek-position").textContent()).toMatch(/^−\d+:\d{2}$/);

      await page.getByTestId("go-live").click();
      await page.locator('[data-testid="seek"][data-at-live-edge="true"]').waitFor({ timeout: 60_000 });
      expect(await fatalError(page)).toBeNull();
      await page.getByTestId("stop").click();
    },
  );
});
