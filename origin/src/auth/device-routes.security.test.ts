/** Devices belong to their account: nobody else can see or sign them out, and sign-outs hold. */
import { decodeJwt } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { changeOwnPassword, changePassword, refreshWith, signUp } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin();
});
afterAll(() => origin.close());

const deviceIdOf = (accessToken: string) => decodeJwt(accessToken).sid as string;

async function signInAgain(account: { user: { email: string }; password: string }) {
  const res = await origin.request("POST", "/v1/auth/login", {
    body: { email: account.user.email, password: account.password },
  });
  return (await res.json()) as { accessToken: string; refreshToken: string };
}

describe("another account's device", () => {
  it("is 404 to sign out, and keeps working", async () => {
    const victim = await signUp(origin);
    const attacker = await signUp(origin);
    const res = await origin.request("DELETE", `/v1/me/devices/${deviceIdOf(victim.accessToken)}`, {
      token: attacker.accessToken,
    });
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await refreshWith(origin, victim.refreshToken)).status).toBe(200);
  });

  it("never shows up in my list, and signing out my others leaves it alone", async () => {
    const victim = await signUp(origin);
    const attacker = await signUp(origin);
    const list = await (
      await origin.request("GET", "/v1/me/devices", { token: attacker.accessToken })
    ).json();
    expect(list.devices.map((d: { id: string }) => d.id)).toEqual([deviceIdOf(attacker.accessToken)]);

    const others = await origin.request("POST", "/v1/me/devices/sign-out-others", {
      token: attacker.accessToken,
    });
    expect(await others.json()).toEqual({ signedOut: 0 });
    expect((await refreshWith(origin, victim.refreshToken)).status).toBe(200);
  });
});

describe("a signed-out device", () => {
  it("cannot refresh any more, with the token it held or any rotated one", async () => {
    const account = await signUp(origin);
    const device = await signInAgain(account);
    const rotated = await (await refreshWith(origin, device.refreshToken)).json();
    await origin.request("DELETE", `/v1/me/devices/${deviceIdOf(device.accessToken)}`, {
      token: account.accessToken,
    });
    expect((await refreshWith(origin, rotated.refreshToken)).status).toBe(401);
    // Signing it out again finds nothing: it is gone.
    const again = await origin.request("DELETE", `/v1/me/devices/${deviceIdOf(device.accessToken)}`, {
      token: account.accessToken,
    });
    expect(again.status).toBe(404);
  });
});

describe("the same sign-out ten times at once", () => {
  it("signs the device out once: one 204, the rest 404", async () => {
    const account = await signUp(origin);
    const device = await signInAgain(account);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () =>
        origin.request("DELETE", `/v1/me/devices/${deviceIdOf(device.accessToken)}`, {
          token: account.accessToken,
        }),
      ),
    );
    expect(answers.map((r) => r.status).sort()).toEqual([204, ...Array.from({ length: 9 }, () => 404)]);
    expect((await refreshWith(origin, device.refreshToken)).status).toBe(401);
  });
});

describe("changing the password", () => {
  it("signs out every other device and keeps this one", async () => {
    const account = await signUp(origin);
    const others = [await signInAgain(account), await signInAgain(account)];
    const res = await changeOwnPassword(origin, account, "a brand new password");
    expect(res.status).toBe(204);
    for (const other of others) expect((await refreshWith(origin, other.refreshToken)).status).toBe(401);
    expect((await refreshWith(origin, account.refreshToken)).status).toBe(200);
  });

  it("with a wrong current password answers 403, changes nothing and signs nobody out", async () => {
    const account = await signUp(origin);
    const other = await signInAgain(account);
    const res = await changeOwnPassword(origin, account, "a brand new password", "not the password");
    expect(res.status).toBe(403);
    expect((await res.json()).type).toBe("https://seeyoo.tv/problems/invalid-credentials");
    expect((await refreshWith(origin, other.refreshToken)).status).toBe(200);
    const login = await origin.request("POST", "/v1/auth/login", {
      body: { email: account.user.email, password: account.password },
    });
    expect(login.status).toBe(200);
  });

  it("needs a valid access token", async () => {
    const res = await changePassword(origin, undefined, {
      currentPassword: "whatever",
      newPassword: "a brand new password",
    });
    expect(res.status).toBe(401);
  });
});
