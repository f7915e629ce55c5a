import { SigningKeys } from "@seeyoo/origin/signing-keys";
import { describe, expect, it } from "vitest";
import { generateSigningJwk } from "./signing-key.ts";

describe("generateSigningJwk", () => {
  it("makes a new private P-256 key each time, which the origin accepts and signs with", async () => {
    const [a, b] = [await generateSigningJwk("one"), await generateSigningJwk()];
    expect(a).toMatchObject({ kty: "EC", crv: "P-256", kid: "one", alg: "ES256" });
    expect(a.d).toBeTruthy();
    expect(b.kid).toMatch(/^dev-[0-9a-f]{8}$/);
    expect(b.d).not.toBe(a.d);

    const settings = { issuer: "iss", audience: "aud", accessTtlSeconds: 60 };
    const keys = await SigningKeys.fromJson(JSON.stringify([a, b]), settings);
    const token = await keys.signAccessToken({
      sub: crypto.randomUUID(),
      role: "viewer",
      sid: crypto.randomUUID(),
    });
    expect(await keys.verifyAccessToken(token)).toMatchObject({ role: "viewer" });
    expect(keys.jwks().keys.map((k) => k.kid)).toEqual(["one", b.kid]);
  });
});
