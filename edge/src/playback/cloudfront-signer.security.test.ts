import { describe, expect, it } from "vitest";
import { cloudfront, verifiesWithPublicKey } from "../../test/cloudfront-test-support.ts";
import { customPolicy } from "./cloudfront-policy.ts";
import { signPolicy } from "./cloudfront-signer.ts";

const credentials = { keyPairId: cloudfront.keyPairId, privateKeyPem: cloudfront.privateKey };

describe("a signed policy cannot be altered", () => {
  const resource = "https://cdn.seeyoo.test/live/news/*";
  const expires = 1_900_000_000;

  it("no longer verifies when its expiry, resource or a single byte changes", async () => {
    const { signature } = await signPolicy(customPolicy(resource, expires), credentials);
    expect(await verifiesWithPublicKey(customPolicy(resource, expires), signature)).toBe(true);
    expect(await verifiesWithPublicKey(customPolicy(resource, expires + 3600), signature)).toBe(false);
    expect(
      await verifiesWithPublicKey(customPolicy("https://cdn.seeyoo.test/live/*", expires), signature),
    ).toBe(false);
    expect(await verifiesWithPublicKey(`${customPolicy(resource, expires)} `, signature)).toBe(false);
  });

  it("is not signed by a key other than the configured one", async () => {
    const other = (await crypto.subtle.generateKey(
      {
        name: "RSASSA-PKCS1-v1_5",
        modulusLength: 2048,
        publicExponent: new Uint8Array([1, 0, 1]),
        hash: "SHA-1",
      },
      true,
      ["sign", "verify"],
    )) as CryptoKeyPair;
    const der = new Uint8Array((await crypto.subtle.exportKey("pkcs8", other.privateKey)) as ArrayBuffer);
    const pem = `-----BEGIN PRIVATE KEY-----\n${btoa(String.fromCharCode(...der))}\n-----END PRIVATE KEY-----\n`;
    const policy = customPolicy(resource, expires);
    const forged = await signPolicy(policy, { keyPairId: "K", privateKeyPem: pem });
    expect(await verifiesWithPublicKey(policy, forged.signature)).toBe(false);
  });
});
