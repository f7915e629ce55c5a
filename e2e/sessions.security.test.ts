/**
 * Sessions in a real browser: the refresh token lives in an HttpOnly, Secure, SameSite=Strict
 * cookie on /v1/auth (Chromium keeps a Secure cookie for http://127.0.0.1), never in page
 * storage; and one browser signs another out from the devices page, whose next refresh then
 * lands on the sign-in page.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { apiAt, newViewer } from "./support/api-client.ts";
import { type Browser, openBrowser } from "./support/browser.ts";
import { signIn } from "./support/player-page.ts";

const stack = inject("stack");

describe.skipIf(!stack)("sessions in the browser", () => {
  const { edgeUrl, artifactsDir } = stack ?? ({} as NonNullable<typeof stack>);
  let first: Browser;
  let second: Browser;
  let viewer: Awaited<ReturnType<typeof newViewer>>;

  beforeAll(async () => {
    viewer = await newViewer(edgeUrl, "devices");
    first = await openBrowser();
    second = await openBrowser();
    await signIn(first.page, edgeUrl, viewer.email, viewer.password);
    await signIn(second.page, edgeUrl, viewer.email, viewer.password);
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  test("keeps the refresh token in an HttpOnly, Secure, SameSite=Strict cookie on /v1/auth, out of page storage", async () => {
    const cookies = await first.context.cookies(`${edgeUrl}/v1/auth/refresh`);
    const refresh = cookies.find((c) => c.name === "seeyoo_refresh");
    expect(refresh).toMatchObject({ httpOnly: true, secure: true, sameSite: "Strict", path: "/v1/auth" });
    expect(refresh?.value).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    // Scripts of the page can neither see the cookie nor find the token anywhere in storage.
    const visible = await first.page.evaluate(() => ({
      cookie: document.cookie,
      stored: [
        ...Object.keys(localStorage).map((k) => localStorage.getItem(k) ?? ""),
        ...Object.keys(sessionStorage).map((k) => sessionStorage.getItem(k) ?? ""),
      ],
    }));
    expect(visible.cookie).not.toContain("seeyoo_refresh");
    expect(visible.stored.join(" ")).not.toContain(refresh?.value);
    // A reload resumes the session from the cookie alone, and rotates it.
    await first.page.reload();
    await first.page.getByTestId("channel").first().waitFor();
    const after = (await first.context.cookies(`${edgeUrl}/v1/auth/refresh`)).find(
      (c) => c.name === "seeyoo_refresh",
    );
    expect(after?.value).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(after?.value).not.toBe(refresh?.value);
  });

  test("moves a refresh token an older player left in localStorage into the cookie, and deletes it", async () => {
    const { data } = await apiAt(edgeUrl).POST("/v1/auth/login", {
      body: { email: viewer.email, password: viewer.password },
    });
    expect(data?.refreshToken).toBeTruthy();
    const upgraded = await openBrowser();
    try {
      await upgraded.page.goto(`${edgeUrl}/signin`);
      await upgraded.page.evaluate(
        ([token, user]) => {
          localStorage.setItem("seeyoo.refreshToken", token);
          localStorage.setItem("seeyoo.user", JSON.stringify(user));
        },
        [data?.refreshToken ?? "", data?.user] as const,
      );
      await upgraded.page.goto(`${edgeUrl}/`);
      await upgraded.page.getByTestId("channel").first().waitFor();
      expect(await upgraded.page.evaluate(() => localStorage.getItem("seeyoo.refreshToken"))).toBeNull();
      const cookie = (await upgraded.context.cookies(`${edgeUrl}/v1/auth/refresh`)).find(
        (c) => c.name === "seeyoo_refresh",
      );
      expect(cookie?.httpOnly).toBe(true);
    } finally {
      await upgraded.close();
    }
  });

  test("the first browser signs the second out; the second's next refresh lands on the sign-in page", async () => {
    // The second browser's own device, as its devices page marks it.
    await second.page.getByTestId("nav-devices").click();
    const own = second.page.locator('[data-testid="device"][data-current="true"]');
    await own.waitFor();
    const secondId = await own.getAttribute("data-device-id");
    expect(secondId).toMatch(/^[0-9a-f-]{36}$/);

    await first.page.getByTestId("nav-devices").click();
    await first.page.locator('[data-testid="device"][data-current="true"]').waitFor();
    const target = first.page.locator(`[data-testid="device"][data-device-id="${secondId}"]`);
    await target.getByTestId("device-sign-out").click();
    await target.waitFor({ state: "detached" });
    expect(await first.page.locator('[data-testid="device"][data-current="true"]').count()).toBe(1);
    await first.page.screenshot({ path: join(artifactsDir, "devices.png") });

    // The second browser's access token is in memory only: a reload is its next refresh.
    await second.page.reload();
    const message = second.page.locator('[data-testid="auth-message"][data-code="session-expired"]');
    await message.waitFor();
    expect(new URL(second.page.url()).pathname).toBe("/signin");

    // The first one carries on.
    await first.page.reload();
    await first.page.locator('[data-testid="device"][data-current="true"]').waitFor();
    expect(new URL(first.page.url()).pathname).toBe("/devices");
  });
});
