/**
 * Browsers get the refresh token as an HttpOnly cookie (asked for with `x-token-delivery:
 * cookie`), never in a body a script could read; the cookie counts only with that header (CSRF).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signUp, uniqueEmail } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin({ REFRESH_TOKEN_TTL_SECONDS: "3600" });
});
afterAll(() => origin.close());

const COOKIE_MODE = { "x-token-delivery": "cookie" };

/** The refresh cookie a response sets: its value and attributes. */
function refreshCookieOf(res: Response) {
  const cookies = res.headers.getSetCookie().filter((c) => c.startsWith("seeyoo_refresh="));
  expect(cookies).toHaveLength(1);
  const [pair = "", ...attributes] = (cookies[0] ?? "").split(";").map((p) => p.trim());
  return { value: pair.slice("seeyoo_refresh=".length), attributes };
}

async function cookieSignIn() {
  const account = await signUp(origin);
  const res = await origin.request("POST", "/v1/auth/login", {
    body: { email: account.user.email, password: account.password },
    headers: COOKIE_MODE,
  });
  expect(res.status).toBe(200);
  return { account, res, cookie: refreshCookieOf(res).value };
}

const refreshWithCookie = (cookie: string, headers: Record<string, string> = COOKIE_MODE) =>
  origin.request("POST", "/v1/auth/refresh", {
    body: {},
    headers: { cookie: `seeyoo_refresh=${cookie}`, ...headers },
  });

describe("cookie delivery", () => {
  it("sets the refresh token as an HttpOnly, Secure, SameSite=Strict cookie on /v1/auth, and leaves it out of the body", async () => {
    const { res, cookie } = await cookieSignIn();
    const { attributes } = refreshCookieOf(res);
    expect(cookie).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(attributes).toEqual(
      expect.arrayContaining(["HttpOnly", "Secure", "SameSite=Strict", "Path=/v1/auth"]),
    );
    // Kept as long as the token lives (REFRESH_TOKEN_TTL_SECONDS), give or take the request's second.
    const maxAge = Number(attributes.find((a) => a.startsWith("Max-Age="))?.slice("Max-Age=".length));
    expect(maxAge).toBeGreaterThanOrEqual(3590);
    expect(maxAge).toBeLessThanOrEqual(3600);
    expect(attributes.some((a) => a.toLowerCase().startsWith("domain="))).toBe(false);
    const body = await res.json();
    expect(body).not.toHaveProperty("refreshToken");
    expect(JSON.stringify(body)).not.toContain(cookie);
    expect(body.accessToken).toEqual(expect.any(String));
  });

  it("does the same on sign-up", async () => {
    const res = await origin.request("POST", "/v1/auth/register", {
      body: { email: uniqueEmail(), password: "long enough pw", name: "Cookie" },
      headers: COOKIE_MODE,
    });
    expect(res.status).toBe(201);
    expect(refreshCookieOf(res).attributes).toContain("HttpOnly");
    expect(await res.json()).not.toHaveProperty("refreshToken");
  });

  it("refreshes from the cookie, rotating it: a new cookie, no token in the body, the old one dead", async () => {
    const { cookie } = await cookieSignIn();
    const res = await refreshWithCookie(cookie);
    expect(res.status).toBe(200);
    const next = refreshCookieOf(res).value;
    expect(next).not.toBe(cookie);
    expect(await res.json()).not.toHaveProperty("refreshToken");
    expect((await refreshWithCookie(next)).status).toBe(200);
  });

  it("ignores the cookie without the header: a cross-site request cannot use it, nor rotate it", async () => {
    const { cookie } = await cookieSignIn();
    for (const headers of [{}, { "x-token-delivery": "body" }] as Record<string, string>[]) {
      const res = await refreshWithCookie(cookie, headers);
      expect(res.status).toBe(400);
      const logout = await origin.request("POST", "/v1/auth/logout", {
        body: {},
        headers: { cookie: `seeyoo_refresh=${cookie}`, ...headers },
      });
      expect(logout.status).toBe(400);
    }
    // Untouched: it still works for the page that holds it.
    expect((await refreshWithCookie(cookie)).status).toBe(200);
  });

  it("signs out from the cookie and clears it", async () => {
    const { cookie } = await cookieSignIn();
    const res = await origin.request("POST", "/v1/auth/logout", {
      body: {},
      headers: { cookie: `seeyoo_refresh=${cookie}`, ...COOKIE_MODE },
    });
    expect(res.status).toBe(204);
    expect(refreshCookieOf(res)).toMatchObject({
      value: "",
      attributes: expect.arrayContaining(["Max-Age=0"]),
    });
    expect((await refreshWithCookie(cookie)).status).toBe(401);
  });

  it("answers a dead or missing cookie with 401 and clears it", async () => {
    for (const cookie of [null, "x".repeat(43), "short"]) {
      const res = await origin.request("POST", "/v1/auth/refresh", {
        body: {},
        headers: { ...COOKIE_MODE, ...(cookie === null ? {} : { cookie: `seeyoo_refresh=${cookie}` }) },
      });
      expect(res.status, String(cookie)).toBe(401);
      expect(refreshCookieOf(res).value).toBe("");
    }
  });
});

describe("body delivery (the mobile apps)", () => {
  it("keeps the refresh token in the body and sets no cookie", async () => {
    const account = await signUp(origin);
    const res = await origin.request("POST", "/v1/auth/login", {
      body: { email: account.user.email, password: account.password },
    });
    expect((await res.json()).refreshToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});
