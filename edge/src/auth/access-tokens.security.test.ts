import { exportJWK, generateKeyPair, type JWK } from "jose";
import { describe, expect, it } from "vitest";
import { context, edgeFetch, edgeFetchWith, existingUserId, signToken } from "../../test/worker-harness.ts";

const b64url = (v: unknown) =>
  btoa(JSON.stringify(v)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const favorites = (token: string) => edgeFetch("/v1/me/favorites", { token });
// Tokens that must pass are signed for a real account: the favourites routes refuse deleted accounts.

async function expectRejected(token: string) {
  const res = await favorites(token);
  expect(res.status).toBe(401);
  expect(res.headers.get("content-type")).toBe("application/problem+json");
  expect(res.headers.get("www-authenticate")).toBe('Bearer realm="seeyoo", error="invalid_token"');
}

describe("access tokens at the edge", () => {
  it("accepts a token signed by the origin's key (control case)", async () => {
    expect((await favorites(await signToken({ sub: await existingUserId() }))).status).toBe(200);
  });

  it("asks for a token when none is sent", async () => {
    const res = await edgeFetch("/v1/me/favorites");
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toBe('Bearer realm="seeyoo"');
  });

  it("rejects an expired token", async () => {
    await expectRejected(await signToken({ sub: await existingUserId() }, { expiresIn: -10 }));
  });

  it("rejects the wrong audience and the wrong issuer", async () => {
    await expectRejected(await signToken({ sub: await existingUserId(), aud: "another-api" }));
    await expectRejected(await signToken({ sub: await existingUserId(), iss: "https://evil.example" }));
  });

  it("rejects a forged signature (payload changed after signing)", async () => {
    const [h, , s] = (await signToken({ sub: await existingUserId() })).split(".");
    await expectRejected(`${h}.${b64url({ sub: crypto.randomUUID(), role: "admin", exp: 9e9 })}.${s}`);
  });

  it("rejects alg none", async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = { sub: crypto.randomUUID(), role: "viewer", iat: now, exp: now + 300 };
    await expectRejected(
      `${b64url({ alg: "none", typ: "JWT" })}.${b64url({ ...claims, iss: context.bindings.JWT_ISSUER, aud: context.bindings.JWT_AUDIENCE })}.`,
    );
  });

  it("rejects an HS256 token whose secret is the published public key", async () => {
    const jwks = await (await fetch(`${context.bindings.ORIGIN_URL}/.well-known/jwks.json`)).json<{
      keys: JWK[];
    }>();
    const now = Math.floor(Date.now() / 1000);
    const input = `${b64url({ alg: "HS256", kid: "edge-test-key" })}.${b64url({
      sub: crypto.randomUUID(),
      role: "viewer",
      iss: context.bindings.JWT_ISSUER,
      aud: context.bindings.JWT_AUDIENCE,
      iat: now,
      exp: now + 300,
    })}`;
    const key = await crypto.subtle.importKey(
      "raw",
      new TextEncoder().encode(JSON.stringify(jwks.keys[0])),
      { name: "HMAC", hash: "SHA-256" },
      false,
      ["sign"],
    );
    const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(input)));
    const sig = btoa(String.fromCharCode(...mac))
      .replace(/\+/g, "-")
      .replace(/\//g, "_")
      .replace(/=+$/, "");
    await expectRejected(`${input}.${sig}`);
  });

  it("rejects a token of another JWT type (no typ, or typ JWT): only at+jwt is an access token", async () => {
    await expectRejected(await signToken({ sub: await existingUserId() }, { typ: null }));
    await expectRejected(await signToken({ sub: await existingUserId() }, { typ: "JWT" }));
    await expectRejected(await signToken({ sub: await existingUserId() }, { typ: "id_token+jwt" }));
  });

  it("rejects a token whose sub is not a user id (UUID)", async () => {
    await expectRejected(await signToken({ sub: "user-1" }));
    await expectRejected(await signToken({ sub: "../admin" }));
  });

  it("rejects a token signed by a stranger's key, with or without the origin's kid", async () => {
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const stranger = { ...(await exportJWK(privateKey)), kid: "stranger" };
    await expectRejected(await signToken({ sub: await existingUserId() }, { key: stranger }));
    await expectRejected(
      await signToken({ sub: await existingUserId() }, { key: stranger, kid: "edge-test-key" }),
    );
  });
});

describe("JWKS fetching", () => {
  const rotating = context.rotatingJwksUrl;
  const jwksFetches = async () =>
    (await (await fetch(`${rotating}/fetches`)).json<{ fetches: number }>()).fetches;
  const withRotating = (cooldown: string, token: string) =>
    edgeFetchWith(
      { JWKS_URL: `${rotating}/.well-known/jwks.json`, JWKS_COOLDOWN_SECONDS: cooldown },
      "/v1/me/favorites",
      {
        token,
      },
    );

  it("a flood of unknown kids does not make the edge refetch the JWKS more than once per cooldown", async () => {
    const firstKey = await (await fetch(`${rotating}/keys/0`)).json<JWK>();
    const sub = await existingUserId();
    expect((await withRotating("600", await signToken({ sub }, { key: firstKey }))).status).toBe(200);
    const before = await jwksFetches();
    const { privateKey } = await generateKeyPair("ES256", { extractable: true });
    const stranger = await exportJWK(privateKey);
    for (let i = 0; i < 25; i++) {
      const res = await withRotating(
        "600",
        await signToken(
          { sub: await existingUserId() },
          { key: stranger, kid: `random-${crypto.randomUUID()}` },
        ),
      );
      expect(res.status).toBe(401);
    }
    expect((await jwksFetches()) - before).toBeLessThanOrEqual(1);
  });

  it("picks up a newly published key (rotation) by refetching on its unknown kid after the cooldown", async () => {
    const firstKey = await (await fetch(`${rotating}/keys/0`)).json<JWK>();
    const sub = await existingUserId();
    expect((await withRotating("1", await signToken({ sub }, { key: firstKey }))).status).toBe(200);
    const newKey = await (await fetch(`${rotating}/keys`, { method: "POST" })).json<JWK>();
    await new Promise((r) => setTimeout(r, 1_100)); // let the 1 s refetch cooldown pass
    const before = await jwksFetches();
    expect((await withRotating("1", await signToken({ sub }, { key: newKey }))).status).toBe(200);
    expect((await jwksFetches()) - before).toBe(1);
  });
});
