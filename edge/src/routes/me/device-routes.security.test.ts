/** Another account's devices are out of reach through the edge, and bad ids never reach the origin. */
import { exportJWK, generateKeyPair } from "jose";
import { describe, expect, it } from "vitest";
import { refreshSession, signOutDevice } from "../../../test/device-requests.ts";
import { context, edgeFetch, edgeFetchWith, signToken, signUp } from "../../../test/worker-harness.ts";

const deviceOf = async (token: string) => {
  const res = await edgeFetch("/v1/me/devices", { token });
  return (await res.json<{ devices: { id: string }[] }>()).devices[0]?.id;
};

describe("another account's device", () => {
  it("is 404 to sign out, and stays signed in", async () => {
    const victim = await signUp();
    const attacker = await signUp();
    const victimDevice = await deviceOf(victim.accessToken);
    const res = await signOutDevice(attacker.accessToken, victimDevice);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    expect((await refreshSession(victim.refreshToken)).status).toBe(200);
  });

  it("is never listed", async () => {
    const victim = await signUp();
    const attacker = await signUp();
    const res = await edgeFetch("/v1/me/devices", { token: attacker.accessToken });
    const ids = (await res.json<{ devices: { id: string }[] }>()).devices.map((d) => d.id);
    expect(ids).not.toContain(await deviceOf(victim.accessToken));
    expect(ids).toHaveLength(1);
  });
});

describe("bad requests", () => {
  // The origin unreachable (its keys still are): whatever answers, the edge answered alone.
  const offline = {
    ORIGIN_URL: "http://127.0.0.1:1",
    JWKS_URL: `${context.bindings.ORIGIN_URL}/.well-known/jwks.json`,
  };

  it("refuses a malformed id with 400 at the edge, without asking the origin", async () => {
    const account = await signUp();
    const res = await edgeFetchWith(offline, "/v1/me/devices/not-a-uuid", {
      method: "DELETE",
      token: account.accessToken,
    });
    expect(res.status).toBe(400);
    expect(res.json().errors.map((e: { field: string }) => e.field)).toEqual(["id"]);
  });

  it("refuses a missing token, and one signed by a stranger, with 401 at the edge", async () => {
    expect((await edgeFetchWith(offline, "/v1/me/devices")).status).toBe(401);
    // Control: a valid token gets past the edge, to the unreachable origin.
    expect(
      (await edgeFetchWith(offline, "/v1/me/devices", { token: (await signUp()).accessToken })).status,
    ).toBe(503);
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const forged = await signToken({}, { key: { ...(await exportJWK(privateKey)), kid: "stranger" } });
    expect((await edgeFetchWith(offline, "/v1/me/devices", { token: forged })).status).toBe(401);
  });
});
