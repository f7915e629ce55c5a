/**
 * Guide search in a real browser: the viewer types part of a programme title into the search
 * field, sees the matching programmes, and opens one's channel in the player.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { activeChannels, apiAt, newViewer } from "./support/api-client.ts";
import { type Browser, openBrowser } from "./support/browser.ts";
import { signIn } from "./support/player-page.ts";

const stack = inject("stack");
const fold = (text: string) => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

describe.skipIf(!stack)("web player, guide search", () => {
  const { edgeUrl, artifactsDir } = stack ?? ({} as NonNullable<typeof stack>);
  let browser: Browser;

  beforeAll(async () => {
    const viewer = await newViewer(edgeUrl, "search");
    browser = await openBrowser();
    await signIn(browser.page, edgeUrl, viewer.email, viewer.password);
  });
  afterAll(async () => {
    await browser?.close();
  });

  test("typing part of a title shows the programmes; choosing one opens its channel", async () => {
    const { page } = browser;
    const channels = await activeChannels(edgeUrl);
    const watchable = new Map(channels.filter((c) => c.allowedCountries.length === 0).map((c) => [c.id, c]));
    // A word of a title coming up on a channel that plays everywhere, as the stack's guide has it.
    const { data: nowNext } = await apiAt(edgeUrl).GET("/v1/epg/now");
    const next = nowNext?.channels.find((e) => watchable.has(e.channelId) && e.next)?.next;
    const word = next?.title.split(/[^\p{L}\p{N}]+/u).find((w) => w.length >= 4);
    expect(word, "the guide has an upcoming title with a word of four letters or more").toBeDefined();
    const typed = (word as string).slice(0, -1); // still typing

    await page.getByTestId("nav-search").click();
    await page.getByTestId("search-input").pressSequentially(typed, { delay: 40 });
    const results = page.getByTestId("search-result");
    await results.first().waitFor();
    expect(fold((await results.first().locator("strong").textContent()) ?? "")).toContain(fold(typed));
    expect(await page.getByTestId("search-status").textContent()).toMatch(
      /\d+ programmes? in the next 7 days/,
    );
    await page.screenshot({ path: join(artifactsDir, "search.png") });

    const choice = page.locator(
      [...watchable.keys()].map((id) => `[data-testid="search-result"][data-channel-id="${id}"]`).join(", "),
    );
    const channelId = (await choice.first().getAttribute("data-channel-id")) as string;
    await choice.first().click();
    const channel = watchable.get(channelId);
    await expect
      .poll(() => page.getByTestId("player-title").textContent())
      .toBe(`${channel?.number} ${channel?.name}`);
    expect(new URL(page.url()).pathname).toBe("/");
  });

  test("too short a query asks for more; a query that matches nothing says so", async () => {
    const { page } = browser;
    await page.goto(`${edgeUrl}/search`);
    const input = page.getByTestId("search-input");
    await input.fill("x");
    await expect
      .poll(() => page.getByTestId("search-status").textContent())
      .toBe("Type at least 2 characters.");
    await input.fill("qqqqzzzz");
    await expect
      .poll(() => page.getByTestId("search-status").textContent())
      .toContain("Nothing in the next 7 days");
    expect(await page.getByTestId("search-result").count()).toBe(0);
  });
});
