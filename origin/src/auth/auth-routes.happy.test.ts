import { decodeJwt, decodeProtectedHeader } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshWith, signUp, uniqueEmail } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
beforeAll(async () => {
  origin = await startTestOrigin({ ACCESS_TOKEN_TTL_SECONDS: "600" });
});
afterAll(() => origin.close());

describe("register", () => {
  it("creates a viewer and returns an ES256 access token with kid and the documented claims", async () => {
    const email = uniqueEmail();
    const res = await origin.request("POST", "/v1/auth/register", {
      body: { email, password: "a fine password", name: "Ada" },
    });
    expect(res.status).toBe(201);
    const body = await res.json();
    expect(body.user).toEqual({ id: expect.any(String), email, name: "Ada", role: "viewer" });
    expect(body.expiresIn).toBe(600);
    expect(body.refreshToken).toMatch(/^[A-Za-z0-9_-]{40,}$/);

    const header = decodeProtectedHeader(body.accessToken);
    expect(header).toMatchObject({ alg: "ES256", kid: "test-key-1", typ: "at+jwt" });
    const claims = decodeJwt(body.accessToken);
    expect(claims).toMatchObject({
      iss: "seeyoo-origin",
      aud: "seeyoo-api",
      sub: body.user.id,
      role: "viewer",
      // The sign-in (refresh-token family) the token belongs to: the device it was issued to.
      sid: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
    });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(claims.jti).toEqual(expect.any(String));
  });
});

describe("login", () => {
  it("signs in with the registered password, whatever the email's case", async () => {
    const account = await signUp(origin);
    const res = await origin.request("POST", "/v1/auth/login", {
      body: { email: account.user.email.toUpperCase(), password: account.password },
    });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.user.id).toBe(account.user.id);
    expect(body.refreshToken).not.toBe(account.refreshToken);
  });
});

describe("refresh", () => {
  it("rotates: returns a new refresh token and a new access token for the same user", async () => {
    const account = await signUp(origin);
    const res = await refreshWith(origin, account.refreshToken);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.refreshToken).not.toBe(account.refreshToken);
    expect(decodeJwt(body.accessToken).sub).toBe(account.user.id);

    // The new one works in turn.
    expect((await refreshWith(origin, body.refreshToken)).status).toBe(200);
  });
});

describe("logout", () => {
  it("answers 204 and ends the session: the refresh token no longer works", async () => {
    const account = await signUp(origin);
    const res = await origin.request("POST", "/v1/auth/logout", {
      body: { refreshToken: account.refreshToken },
    });
    expect(res.status).toBe(204);
    expect((await refreshWith(origin, account.refreshToken)).status).toBe(401);
  });
});

describe("jwks", () => {
  it("publishes the public key (no private part) with cache headers", async () => {
    const res = await origin.request("GET", "/.well-known/jwks.json");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const { keys } = await res.json();
    expect(keys).toHaveLength(1);
    expect(keys[0]).toMatchObject({ kty: "EC", crv: "P-256", kid: "test-key-1", alg: "ES256", use: "sig" });
    expect(keys[0].d).toBeUndefined();
    expect(keys[0].x).toBe(origin.signingJwk.x);
  });
});
