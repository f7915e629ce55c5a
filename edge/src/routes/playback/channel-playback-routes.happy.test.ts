import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import type { PlaybackResponse } from "@seeyoo/schema/wire";
import { describe, expect, it } from "vitest";
import {
  cloudfront,
  decodePolicy,
  parseSetCookies,
  verifiesWithPublicKey,
} from "../../../test/cloudfront-test-support.ts";
import { startPlayback } from "../../../test/playback-requests.ts";
import { createChannel, edgeFetchWith, hlsPathOf, signUp } from "../../../test/worker-harness.ts";

/** A new viewer and a new channel, with the channel's folder on the CDN. */
async function viewerAndChannel() {
  const { accessToken } = await signUp();
  const channel = await createChannel();
  return { accessToken, channel, hlsPath: await hlsPathOf(channel) };
}

describe("POST /v1/channels/:id/playback", () => {
  it("grants the master playlist with a signed wildcard policy over the channel folder, as AWS would sign it", async () => {
    const { accessToken, channel, hlsPath } = await viewerAndChannel();
    const before = Math.floor(Date.now() / 1000);

    const res = await startPlayback(accessToken, channel);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const body = await res.json<PlaybackResponse>();
    expect(body.sessionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(body.heartbeatIntervalSeconds).toBe(30);
    expect(body).toMatchObject({ kind: "live", programme: null, window: null });
    expect(Date.parse(body.sessionExpiresAt)).toBeGreaterThan(Date.now());

    const cookies = parseSetCookies(res.headers);
    const policyJson = decodePolicy(cookies.get("CloudFront-Policy")!.value);
    const signature = cookies.get("CloudFront-Signature")!.value;
    expect(cookies.get("CloudFront-Key-Pair-Id")?.value).toBe(cloudfront.keyPairId);

    const policy = JSON.parse(policyJson);
    expect(policy.Statement).toHaveLength(1);
    expect(policy.Statement[0].Resource).toBe(`${cloudfront.cdnBaseUrl}${hlsPath}/*`);
    const epoch = policy.Statement[0].Condition.DateLessThan["AWS:EpochTime"];
    // PLAYBACK_TTL_SECONDS is 300 here, but a signature lives at most two heartbeat intervals (2 × 30 s).
    expect(epoch).toBeGreaterThanOrEqual(before + 60);
    expect(epoch).toBeLessThanOrEqual(Math.floor(Date.now() / 1000) + 60);
    expect(body.expiresAt).toBe(new Date(epoch * 1000).toISOString());

    expect(await verifiesWithPublicKey(policyJson, signature)).toBe(true);
    const aws = { keyPairId: cloudfront.keyPairId, privateKey: cloudfront.privateKey, policy: policyJson };
    expect(getSignedCookies(aws)).toEqual({
      "CloudFront-Policy": cookies.get("CloudFront-Policy")!.value,
      "CloudFront-Signature": signature,
      "CloudFront-Key-Pair-Id": cloudfront.keyPairId,
    });
    const master = `${cloudfront.cdnBaseUrl}${hlsPath}/master.m3u8`;
    expect(body.url).toBe(getSignedUrl({ ...aws, url: master }));
    const query = new URL(body.url).searchParams;
    expect(query.get("Policy")).toBe(cookies.get("CloudFront-Policy")!.value);
    expect(query.get("Signature")).toBe(signature);
    expect(query.get("Key-Pair-Id")).toBe(cloudfront.keyPairId);
  });

  it("scopes the cookies to the channel folder: HttpOnly, Max-Age = signature lifetime, Lax and not Secure on an http CDN", async () => {
    const { accessToken, channel, hlsPath } = await viewerAndChannel();
    const cookies = parseSetCookies((await startPlayback(accessToken, channel)).headers);
    expect([...cookies.keys()].sort()).toEqual([
      "CloudFront-Key-Pair-Id",
      "CloudFront-Policy",
      "CloudFront-Signature",
    ]);
    for (const { attributes } of cookies.values()) {
      expect(attributes).toEqual({ path: `${hlsPath}/`, "max-age": "60", httponly: true, samesite: "Lax" });
    }
  });

  it("marks the cookies Secure + SameSite=None on an https CDN, shared with a sibling CDN host, with a configured TTL", async () => {
    const { accessToken, channel, hlsPath } = await viewerAndChannel();
    const res = await edgeFetchWith(
      { CDN_BASE_URL: "https://cdn.edge.test", PLAYBACK_TTL_SECONDS: "60" },
      `/v1/channels/${channel}/playback`,
      { method: "POST", token: accessToken, cf: { country: "DE" } },
    );
    expect(res.status).toBe(200);
    const body = res.json() as PlaybackResponse;
    expect(body.url.startsWith(`https://cdn.edge.test${hlsPath}/master.m3u8?Policy=`)).toBe(true);
    const cookies = parseSetCookies(res.headers);
    for (const { attributes } of cookies.values()) {
      expect(attributes).toEqual({
        domain: "edge.test",
        path: `${hlsPath}/`,
        "max-age": "60",
        secure: true,
        httponly: true,
        samesite: "None",
      });
    }
    const policy = JSON.parse(decodePolicy(cookies.get("CloudFront-Policy")!.value));
    expect(policy.Statement[0].Resource).toBe(`https://cdn.edge.test${hlsPath}/*`);
    expect(policy.Statement[0].Condition.DateLessThan["AWS:EpochTime"] * 1000).toBe(
      Date.parse(body.expiresAt),
    );
    expect(Date.parse(body.expiresAt) - Date.now()).toBeLessThanOrEqual(60_000);
  });

  it("plays a geo-restricted channel in an allowed country, and an unrestricted one where the country is unknown", async () => {
    const { accessToken } = await signUp();
    const restricted = await createChannel({ allowedCountries: ["DE", "AT"] });
    expect((await startPlayback(accessToken, restricted, { country: "AT" })).status).toBe(200);
    const open = await createChannel();
    const unknown = await startPlayback(accessToken, open, { country: null });
    expect(unknown.status).toBe(200);
  });
});
