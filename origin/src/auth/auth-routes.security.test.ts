import { createHmac } from "node:crypto";
import { generateSigningJwk } from "@seeyoo/dev-data/signing-key";
import { importJWK, type JWK, SignJWT } from "jose";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { refreshWith, signUp } from "../../test/accounts.ts";
import { startTestOrigin, type TestOrigin } from "../../test/origin-harness.ts";

let origin: TestOrigin;
/** A real admin account: hand-made tokens name it unless a test says otherwise. */
let adminId: string;
beforeAll(async () => {
  origin = await startTestOrigin({ REFRESH_TOKEN_TTL_SECONDS: "60" });
  adminId = (await signUp(origin, { role: "admin" })).user.id;
});
afterAll(() => origin.close());

const b64url = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

/** Valid-looking admin claims for hand-made (unsigned or wrongly signed) tokens. */
function adminClaims() {
  const now = Math.floor(Date.now() / 1000);
  return {
    sub: "x",
    role: "admin",
    iss: "seeyoo-origin",
    aud: "seeyoo-api",
    iat: now,
    exp: now + 300,
    jti: "j",
  };
}

/** Any admin route does: it needs a valid token and the admin role. */
const adminList = (token?: string) => origin.request("GET", "/v1/admin/channels", token ? { token } : {});

/**
 * Signs admin claims as an access token (`typ: at+jwt`) with the origin's own key, or with `jwk`
 * (whose kid goes in the header); `header` overrides header fields (`typ: undefined` drops it).
 */
async function signWithTestKey(
  claims: Record<string, unknown>,
  header: Record<string, unknown> = {},
  jwk?: JWK,
) {
  const key = await importJWK(jwk ?? origin.signingJwk, "ES256");
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({ role: "admin", jti: "j1", sid: "00000000-0000-4000-8000-000000000001", ...claims })
    .setProtectedHeader({ alg: "ES256", kid: jwk?.kid ?? "test-key-1", typ: "at+jwt", ...header })
    .setIssuer((claims.iss as string) ?? "seeyoo-origin")
    .setAudience((claims.aud as string) ?? "seeyoo-api")
    .setSubject((claims.sub as string) ?? adminId)
    .setIssuedAt(now - 60)
    .setExpirationTime((claims.exp as number) ?? now + 300)
    .sign(key);
}

describe("access tokens", () => {
  it("accepts a well-formed admin token signed with the origin's key (control case)", async () => {
    expect((await adminList(await signWithTestKey({}))).status).toBe(200);
  });

  it("rejects no token with 401 and a WWW-Authenticate challenge", async () => {
    const res = await adminList();
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toMatch(/^Bearer realm="seeyoo"/);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("rejects an expired token", async () => {
    const token = await signWithTestKey({ exp: Math.floor(Date.now() / 1000) - 10 });
    const res = await adminList(token);
    expect(res.status).toBe(401);
    expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
  });

  it("rejects a token whose payload was changed after signing", async () => {
    const viewer = await signUp(origin);
    const [h, p, s] = viewer.accessToken.split(".");
    const claims = JSON.parse(Buffer.from(p!, "base64url").toString());
    const forged = `${h}.${b64url({ ...claims, role: "admin" })}.${s}`;
    expect((await adminList(forged)).status).toBe(401);
  });

  it("rejects alg none", async () => {
    const token = `${b64url({ alg: "none", typ: "JWT" })}.${b64url(adminClaims())}.`;
    expect((await adminList(token)).status).toBe(401);
  });

  it("rejects an HS256 token signed with the public key as the HMAC secret", async () => {
    const jwks = await (await origin.request("GET", "/.well-known/jwks.json")).json();
    const publicKey = JSON.stringify(jwks.keys[0]);
    const signingInput = `${b64url({ alg: "HS256", kid: "test-key-1" })}.${b64url(adminClaims())}`;
    const mac = createHmac("sha256", publicKey).update(signingInput).digest("base64url");
    expect((await adminList(`${signingInput}.${mac}`)).status).toBe(401);
  });

  it("rejects a token signed by a key with an unknown kid", async () => {
    const stranger = await generateSigningJwk("stranger");
    expect((await adminList(await signWithTestKey({}, {}, stranger))).status).toBe(401);
  });

  it("rejects a token signed by another key that claims the origin's kid", async () => {
    const impostor = await generateSigningJwk("test-key-1");
    expect((await adminList(await signWithTestKey({}, {}, impostor))).status).toBe(401);
  });

  it("issues access tokens of type at+jwt (RFC 9068)", async () => {
    const { accessToken } = await signUp(origin);
    const header = JSON.parse(Buffer.from(accessToken.split(".")[0]!, "base64url").toString());
    expect(header).toMatchObject({ alg: "ES256", typ: "at+jwt", kid: "test-key-1" });
  });

  it("rejects a token of another JWT type (no typ, or typ JWT): only at+jwt is an access token", async () => {
    for (const typ of [undefined, "JWT", "id_token+jwt"]) {
      const res = await adminList(await signWithTestKey({}, { typ }));
      expect(res.status, `typ ${typ}`).toBe(401);
      expect(res.headers.get("www-authenticate")).toContain('error="invalid_token"');
    }
  });

  it("rejects a token whose sub is not a user id (UUID)", async () => {
    for (const sub of ["x", "admin", "../00000000-0000-4000-8000-000000000000"]) {
      expect((await adminList(await signWithTestKey({ sub }))).status, `sub ${sub}`).toBe(401);
    }
  });

  it("rejects a token without the sign-in it belongs to (sid), or with a sid that is no id", async () => {
    for (const sid of [undefined, "", "device-1"]) {
      expect((await adminList(await signWithTestKey({ sid }))).status, `sid ${sid}`).toBe(401);
    }
  });

  it("rejects the wrong audience and the wrong issuer", async () => {
    expect((await adminList(await signWithTestKey({ aud: "someone-else" }))).status).toBe(401);
    expect((await adminList(await signWithTestKey({ iss: "evil-issuer" }))).status).toBe(401);
  });
});

describe("roles", () => {
  it("forbids a viewer on an admin route with 403", async () => {
    const viewer = await signUp(origin);
    const res = await adminList(viewer.accessToken);
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toBe("application/problem+json");
  });

  it("allows an admin", async () => {
    const admin = await signUp(origin, { role: "admin" });
    expect((await adminList(admin.accessToken)).status).toBe(200);
  });
});

describe("refresh-token reuse", () => {
  it("revokes the whole family when a rotated token is presented again", async () => {
    const account = await signUp(origin);
    const first = await refreshWith(origin, account.refreshToken);
    const { refreshToken: second } = await first.json();

    // An attacker replays the old token: refused, and the family dies.
    const replay = await refreshWith(origin, account.refreshToken);
    expect(replay.status).toBe(401);

    // So the legitimate holder's newer token is dead too.
    const legit = await refreshWith(origin, second);
    expect(legit.status).toBe(401);

    // Other sign-ins of the same user (other families) are untouched.
    const otherDevice = await origin.request("POST", "/v1/auth/login", {
      body: { email: account.user.email, password: account.password },
    });
    const { refreshToken: other } = await otherDevice.json();
    expect((await refreshWith(origin, other)).status).toBe(200);
  });

  it("lets exactly one of two concurrent uses of the same token win", async () => {
    const account = await signUp(origin);
    const results = await Promise.all([1, 2].map(() => refreshWith(origin, account.refreshToken)));
    expect(results.map((r) => r.status).sort()).toEqual([200, 401]);
  });
});

describe("refresh-token expiry", () => {
  it("rejects an expired refresh token with 401", async () => {
    const short = await startTestOrigin({ REFRESH_TOKEN_TTL_SECONDS: "60" });
    try {
      const account = await signUp(short);
      await short.services.pool.query("update refresh_tokens set expires_at = now() - interval '1 second'");
      const res = await refreshWith(short, account.refreshToken);
      expect(res.status).toBe(401);
    } finally {
      await short.close();
    }
  });
});
