import { describe, expect, it } from "vitest";
import { refreshSession, signOutDevice } from "../../../test/device-requests.ts";
import { edgeFetch, freshIp, signUp } from "../../../test/worker-harness.ts";

interface Device {
  id: string;
  name: string;
  current: boolean;
}

async function devicesOf(token: string): Promise<Device[]> {
  const res = await edgeFetch("/v1/me/devices", { token });
  expect(res.status).toBe(200);
  expect(res.headers.get("cache-control")).toBe("private, no-store");
  return (await res.json<{ devices: Device[] }>()).devices;
}

async function signInAs(email: string, deviceName: string) {
  const res = await edgeFetch("/v1/auth/login", {
    method: "POST",
    json: { email, password: "correct horse battery", deviceName },
    headers: { "cf-connecting-ip": freshIp() },
  });
  expect(res.status).toBe(200);
  return res.json<{ accessToken: string; refreshToken: string }>();
}

describe("devices through the edge", () => {
  it("lists my devices, marks this one, and signs one out: its next refresh fails", async () => {
    const account = await signUp();
    const tablet = await signInAs(account.user.email, "Kitchen tablet");

    const devices = await devicesOf(account.accessToken);
    expect(devices).toHaveLength(2);
    expect(devices.filter((d) => d.current)).toHaveLength(1);
    const other = devices.find((d) => d.name === "Kitchen tablet");
    expect(other?.current).toBe(false);

    expect((await signOutDevice(account.accessToken, other?.id)).status).toBe(204);
    expect((await devicesOf(account.accessToken)).map((d) => d.id)).not.toContain(other?.id);
    expect((await refreshSession(tablet.refreshToken)).status).toBe(401);
  });

  it("signs out every other device", async () => {
    const account = await signUp();
    await signInAs(account.user.email, "Phone");
    await signInAs(account.user.email, "TV");
    const res = await edgeFetch("/v1/me/devices/sign-out-others", {
      method: "POST",
      token: account.accessToken,
    });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ signedOut: 2 });
    expect((await devicesOf(account.accessToken)).map((d) => d.current)).toEqual([true]);
  });

  it("changes the password through the edge, signing out the other devices", async () => {
    const account = await signUp();
    const phone = await signInAs(account.user.email, "Phone");
    const res = await edgeFetch("/v1/auth/password", {
      method: "POST",
      token: account.accessToken,
      json: { currentPassword: "correct horse battery", newPassword: "a brand new password" },
      headers: { "cf-connecting-ip": freshIp() },
    });
    expect(res.status).toBe(204);
    expect((await refreshSession(phone.refreshToken)).status).toBe(401);
    expect((await devicesOf(account.accessToken)).map((d) => d.current)).toEqual([true]);
  });
});
