/** What the tests do in the player, by the same handles a viewer uses (data-testid on each). */
import type { Page } from "playwright-core";
import { PASSWORD } from "./api-client.ts";

export async function signIn(page: Page, edgeUrl: string, email: string, password: string): Promise<void> {
  await page.goto(`${edgeUrl}/`);
  await page.getByTestId("auth-form").waitFor();
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(password);
  await page.getByTestId("auth-submit").click();
  await page.getByTestId("channel").first().waitFor();
}

/** Signs a new account up from the player's form (the page shows it); waits for the line-up. */
export async function signUpInPlayer(page: Page, name: string, email: string): Promise<void> {
  await page.getByTestId("auth-toggle").click();
  await page.locator('input[name="name"]').fill(name);
  await page.locator('input[name="email"]').fill(email);
  await page.locator('input[name="password"]').fill(PASSWORD);
  await page.getByTestId("auth-submit").click();
  await page.getByTestId("channel").first().waitFor();
}

export const channelRow = (page: Page, name: string) =>
  page.locator(`[data-testid="channel"][data-channel-name="${name}"]`);

/** The notice line's stable code once it shows `code` (e.g. "too-many-streams"), and its text. */
export async function noticeOf(page: Page, code: string): Promise<string> {
  const notice = page.locator(`[data-testid="notice"][data-code="${code}"]`);
  await notice.waitFor({ timeout: 15_000 });
  return (await notice.textContent()) ?? "";
}
