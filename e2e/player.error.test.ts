/**
 * The player explains refusals in words, chosen by the problem `type`: too many streams (with
 * the limit), a channel not available here, no connection, and a session that can no longer be
 * renewed (back to sign-in).
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { activeChannels, newViewer, nth } from "./support/api-client.ts";
import { type Browser, openBrowser } from "./support/browser.ts";
import { channelRow, noticeOf, signIn } from "./support/player-page.ts";

const stack = inject("stack");

describe.skipIf(!stack)("web player, refusals", () => {
  const { edgeUrl } = stack ?? ({} as NonNullable<typeof stack>);
  let browser: Browser;
  let viewer: Awaited<ReturnType<typeof newViewer>>;
  let channels: Awaited<ReturnType<typeof activeChannels>>;

  beforeAll(async () => {
    viewer = await newViewer(edgeUrl, "limits");
    channels = await activeChannels(edgeUrl);
    browser = await openBrowser();
    await signIn(browser.page, edgeUrl, viewer.email, viewer.password);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("the third concurrent stream is refused with the too-many-streams message naming the limit", async () => {
    const [first, second] = [nth(channels, 0), nth(channels, 1)];
    const started: string[] = [];
    for (const channel of [first, second]) {
      const { data } = await viewer.api.POST("/v1/channels/{id}/playback", {
        params: { path: { id: channel.id } },
      });
      expect(data?.sessionId).toBeTruthy();
      started.push(data?.sessionId as string);
    }
    try {
      await channelRow(browser.page, first.name).getByTestId("play-channel").click();
      const text = await noticeOf(browser.page, "too-many-streams");
      expect(text).toContain("the limit is 2");
      expect(await browser.page.getByTestId("player").isHidden()).toBe(true);
    } finally {
      for (const sessionId of started) {
        await viewer.api.DELETE("/v1/playback/{sessionId}", { params: { path: { sessionId } } });
      }
    }
  });

  test("a channel restricted to other countries shows the geo-blocked message", async () => {
    // Locally the viewer's country is unknown, so a channel limited to some countries (the demo's
    // "SEEYOO Sport": DE, AT, CH) is refused with 451.
    const restricted = channels.find((c) => c.allowedCountries.length > 0);
    expect(restricted).toBeDefined();
    await channelRow(browser.page, restricted?.name ?? "")
      .getByTestId("play-channel")
      .click();
    expect(await noticeOf(browser.page, "geo-blocked")).toContain("isn't available in your country");
  });

  test("without a connection the player says it is offline", async () => {
    const first = nth(channels, 0);
    await browser.context.setOffline(true);
    try {
      await channelRow(browser.page, first.name).getByTestId("play-channel").click();
      expect(await noticeOf(browser.page, "offline")).toContain("offline");
    } finally {
      await browser.context.setOffline(false);
    }
  });

  test("a session whose refresh fails goes back to sign-in with the expired message", async () => {
    const { page } = browser;
    // The refresh cookie is gone (expired, or never sent back): the session cannot be renewed.
    await browser.context.clearCookies();
    await page.reload();
    const message = page.locator('[data-testid="auth-message"][data-code="session-expired"]');
    await message.waitFor();
    expect(await message.textContent()).toContain("sign in again");
    expect(new URL(page.url()).pathname).toBe("/signin");
  });
});
