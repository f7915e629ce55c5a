import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeOwnPassword, refreshWith, signUp } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin();
});
afterAll(() => origin.close());

const FIREFOX_ANDROID = "Mozilla/5.0 (Android 14; Mobile; rv:128.0) Gecko/128.0 Firefox/128.0";
const CHROME_LINUX =
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36";

interface Device {
  id: string;
  name: string;
  createdAt: string;
  lastUsedAt: string;
  current: boolean;
}

async function signIn(
  email: string,
  password: string,
  options: { deviceName?: string; userAgent?: string } = {},
) {
  const res = await origin.request("POST", "/v1/auth/login", {
    body: { email, password, ...(options.deviceName ? { deviceName: options.deviceName } : {}) },
    headers: options.userAgent ? { "user-agent": options.userAgent } : {},
  });
  expect(res.status).toBe(200);
  return (await res.json()) as { accessToken: string; refreshToken: string };
}

async function devicesOf(accessToken: string): Promise<Device[]> {
  const res = await origin.request("GET", "/v1/me/devices", { token: accessToken });
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("private, no-store");
  return ((await res.json()) as { devices: Device[] }).devices;
}

describe("GET /v1/me/devices", () => {
  it("lists every sign-in with its name and times, and marks the one asking", async () => {
    const account = await signUp(origin);
    const phone = await signIn(account.user.email, account.password, { userAgent: FIREFOX_ANDROID });
    const tv = await signIn(account.user.email, account.password, { deviceName: "Living-room TV" });

    const devices = await devicesOf(phone.accessToken);
    expect(devices).toHaveLength(3);
    const byName = Object.fromEntries(devices.map((d) => [d.name, d]));
    // The third is the sign-up's, named after whatever User-Agent the test's fetch sends.
    expect(Object.keys(byName)).toEqual(expect.arrayContaining(["Firefox on Android", "Living-room TV"]));
    expect(devices.filter((d) => d.current).map((d) => d.name)).toEqual(["Firefox on Android"]);
    // The current device is the sign-in the access token names.
    expect(byName["Firefox on Android"]?.id).toBe(decodeJwt(phone.accessToken).sid);
    expect(byName["Living-room TV"]?.id).toBe(decodeJwt(tv.accessToken).sid);
    for (const d of devices) {
      expect(Date.parse(d.createdAt)).toBeLessThanOrEqual(Date.now());
      expect(Date.parse(d.lastUsedAt)).toBeGreaterThan(Date.now() - 3_600_000);
    }
  });

  it("names a sign-in from its browser and system, from the User-Agent", async () => {
    const account = await signUp(origin);
    const chrome = await signIn(account.user.email, account.password, { userAgent: CHROME_LINUX });
    const current = (await devicesOf(chrome.accessToken)).find((d) => d.current);
    expect(current?.name).toBe("Chrome on Linux");
  });

  it("keeps a device through its refreshes: the same id, and the token after a refresh still marks it", async () => {
    const account = await signUp(origin);
    const before = (await devicesOf(account.accessToken)).find((d) => d.current);
    const refreshed = await (await refreshWith(origin, account.refreshToken)).json();
    const after = await devicesOf(refreshed.accessToken);
    expect(after).toHaveLength(1);
    expect(after[0]).toMatchObject({ id: before?.id, current: true });
  });
});

describe("signing devices out", () => {
  it("DELETE /v1/me/devices/:id signs one device out: gone from the list, its refresh fails, the others go on", async () => {
    const account = await signUp(origin);
    const other = await signIn(account.user.email, account.password, { deviceName: "Old tablet" });
    const otherId = decodeJwt(other.accessToken).sid as string;

    const res = await origin.request("DELETE", `/v1/me/devices/${otherId}`, { token: account.accessToken });
    expect(res.status).toBe(204);

    expect((await devicesOf(account.accessToken)).map((d) => d.id)).not.toContain(otherId);
    expect((await refreshWith(origin, other.refreshToken)).status).toBe(401);
    expect((await refreshWith(origin, account.refreshToken)).status).toBe(200);
  });

  it("POST /v1/me/devices/sign-out-others signs out every other device and keeps this one", async () => {
    const account = await signUp(origin);
    const others = [
      await signIn(account.user.email, account.password),
      await signIn(account.user.email, account.password),
    ];
    const res = await origin.request("POST", "/v1/me/devices/sign-out-others", {
      token: account.accessToken,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ signedOut: 2 });

    const left = await devicesOf(account.accessToken);
    expect(left.map((d) => d.current)).toEqual([true]);
    for (const other of others) expect((await refreshWith(origin, other.refreshToken)).status).toBe(401);
    expect((await refreshWith(origin, account.refreshToken)).status).toBe(200);
  });
});

describe("POST /v1/auth/password", () => {
  it("changes the password: the new one signs in, the old one no longer does", async () => {
    const account = await signUp(origin);
    const res = await changeOwnPassword(origin, account, "a brand new password");
    expect(res.status).toBe(204);
    const login = (password: string) =>
      origin.request("POST", "/v1/auth/login", { body: { email: account.user.email, password } });
    expect((await login(account.password)).status).toBe(401);
    expect((await login("a brand new password")).status).toBe(200);
  });
});
