/**
 * The Worker's WebCrypto signing against AWS's own signer (`@aws-sdk/cloudfront-signer`, which
 * uses node:crypto and runs here under nodejs_compat), with the same key: byte for byte.
 */
import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { describe, expect, it } from "vitest";
import { cloudfront, decodePolicy, verifiesWithPublicKey } from "../../test/cloudfront-test-support.ts";
import { customPolicy, encodePath } from "./cloudfront-policy.ts";
import { signPolicy } from "./cloudfront-signer.ts";
import { withSignedQuery } from "./signed-url.ts";

const credentials = { keyPairId: cloudfront.keyPairId, privateKeyPem: cloudfront.privateKey };
const aws = { keyPairId: cloudfront.keyPairId, privateKey: cloudfront.privateKey };
const resource = "https://cdn.seeyoo.test/live/news/*";
const expires = 1_900_000_123;

describe("CloudFront signing (WebCrypto) versus AWS's signer", () => {
  it("builds the policy JSON byte for byte as AWS does: its canned signature over its own JSON equals ours", async () => {
    // AWS signs JSON.stringify of its built policy; RSASSA-PKCS1-v1_5 is deterministic, so equal
    // signatures mean equal policy bytes as well as an equal signing.
    const awsCanned = getSignedCookies({ ...aws, url: resource, dateLessThan: new Date(expires * 1000) });
    const ours = await signPolicy(customPolicy(resource, expires), credentials);
    expect(awsCanned["CloudFront-Expires"]).toBe(expires);
    expect(ours.signature).toBe(awsCanned["CloudFront-Signature"]);
    expect(customPolicy(resource, expires)).toBe(
      `{"Statement":[{"Resource":"${resource}","Condition":{"DateLessThan":{"AWS:EpochTime":${expires}}}}]}`,
    );
  });

  it("produces the same signed cookies as getSignedCookies for the custom policy", async () => {
    const policy = customPolicy(resource, expires);
    const ours = await signPolicy(policy, credentials);
    const theirs = getSignedCookies({ ...aws, policy });
    expect(theirs).toEqual({
      "CloudFront-Policy": ours.policy,
      "CloudFront-Signature": ours.signature,
      "CloudFront-Key-Pair-Id": ours.keyPairId,
    });
    expect(ours.signature).toMatch(/^[A-Za-z0-9~_-]+$/);
    expect(decodePolicy(ours.policy)).toBe(policy);
  });

  it("produces the same signed URL as getSignedUrl for the custom policy", async () => {
    const policy = customPolicy(resource, expires);
    const master = "https://cdn.seeyoo.test/live/news/master.m3u8";
    const ours = withSignedQuery(master, await signPolicy(policy, credentials));
    expect(ours).toBe(getSignedUrl({ ...aws, url: master, policy }));
    expect(ours.startsWith(`${master}?Policy=`)).toBe(true);
  });

  it("encodes odd channel paths the way AWS normalises the URL it signs", async () => {
    const policy = customPolicy("https://cdn.seeyoo.test/live/*", expires);
    const path = encodePath("/live/Sport 1/Ünï(x)/master.m3u8");
    const signed = await signPolicy(policy, credentials);
    expect(withSignedQuery(`https://cdn.seeyoo.test${path}`, signed)).toBe(
      getSignedUrl({ ...aws, url: "https://cdn.seeyoo.test/live/Sport 1/Ünï(x)/master.m3u8", policy }),
    );
  });

  it("signs what the public key verifies", async () => {
    const policy = customPolicy(resource, expires);
    expect(await verifiesWithPublicKey(policy, (await signPolicy(policy, credentials)).signature)).toBe(true);
  });
});
