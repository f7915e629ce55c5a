import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeOwnPassword, signUp, uniqueEmail } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";
import { deviceNameFromUserAgent } from "./device-name.ts";

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin();
});
afterAll(() => origin.close());

const fieldsOf = async (res: Response) => {
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  return ((await res.json()).errors ?? []).map((e: { field: string }) => e.field);
};

describe("device routes refuse bad requests", () => {
  it("answers 400 naming the id for a malformed device id", async () => {
    const account = await signUp(origin);
    for (const id of ["not-a-uuid", "1", "00000000-0000-4000-8000-00000000000g"]) {
      const res = await origin.request("DELETE", `/v1/me/devices/${id}`, { token: account.accessToken });
      expect(res.status, id).toBe(400);
      expect(await fieldsOf(res)).toEqual(["id"]);
    }
  });

  it("answers 404 for a device id nobody has", async () => {
    const account = await signUp(origin);
    const res = await origin.request("DELETE", "/v1/me/devices/00000000-0000-4000-8000-000000000000", {
      token: account.accessToken,
    });
    expect(res.status).toBe(404);
  });

  it("answers 401 without an access token", async () => {
    for (const [method, path] of [
      ["GET", "/v1/me/devices"],
      ["POST", "/v1/me/devices/sign-out-others"],
      ["DELETE", "/v1/me/devices/00000000-0000-4000-8000-000000000000"],
    ] as const) {
      expect((await origin.request(method, path)).status, `${method} ${path}`).toBe(401);
    }
  });
});

describe("device names at sign-in", () => {
  it.each([
    ["a control character", "Phone\u0007"],
    ["a newline", "Line one\nLine two"],
    ["a NUL", "Phone\u0000"],
    ["a bidirectional override", "\u202Eenohp"],
    ["more than 100 characters", "x".repeat(101)],
    ["nothing but spaces", "   "],
    ["another type", 42],
  ])("rejects %s with 400 naming deviceName", async (_case, deviceName) => {
    const res = await origin.request("POST", "/v1/auth/register", {
      body: { email: uniqueEmail(), password: "long enough pw", name: "N", deviceName },
    });
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["deviceName"]);
  });

  it("makes a harmless name of a User-Agent it does not recognise", async () => {
    for (const [userAgent, expected] of [
      ["SEEYOO-TV-Box/2.1", "SEEYOO-TV-Box/2.1"],
      [`Box/${"9".repeat(300)}`, `Box/${"9".repeat(96)}`],
      ["Box\t1", "Box1"],
    ] as const) {
      const account = await signUp(origin);
      const login = await origin.request("POST", "/v1/auth/login", {
        body: { email: account.user.email, password: account.password },
        headers: { "user-agent": userAgent },
      });
      const { accessToken } = await login.json();
      const { devices } = await (
        await origin.request("GET", "/v1/me/devices", { token: accessToken })
      ).json();
      expect(devices.find((d: { current: boolean }) => d.current).name).toBe(expected);
    }
  });

  it("never makes a device name of what HTTP clients cannot even send", () => {
    // fetch refuses to send these; a raw client might: the name must still be printable or the default.
    expect(deviceNameFromUserAgent("\u0001\u0002\u007f")).toBe("Unknown device");
    expect(deviceNameFromUserAgent("Box\u0000\u001b[31m1")).toBe("Box[31m1");
    expect(deviceNameFromUserAgent("\u00ffBox")).toBe("\u00ffBox");
    expect(deviceNameFromUserAgent(undefined)).toBe("Unknown device");
  });
});

describe("password change validation", () => {
  it("rejects a new password the sign-up rules would reject, naming it", async () => {
    const account = await signUp(origin);
    const res = await changeOwnPassword(origin, account, "short");
    expect(res.status).toBe(400);
    expect(await fieldsOf(res)).toEqual(["newPassword"]);
  });
});
