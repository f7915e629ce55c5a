/** The local CDN lets through what CloudFront lets through, with the headers a player needs. */
import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { describe, expect, it } from "vitest";
import {
  channelPolicy,
  cookieHeader,
  fixtureCdnForFile,
  KEY_PAIR_ID,
  MASTER,
  PLAYER_ORIGIN,
  preflight,
  signedChannelUrl,
  signedCookies,
} from "./testing/fixture-cdn.ts";

let now = Date.now();
const fixture = await fixtureCdnForFile({ clock: () => now });
const base = fixture.cdn.url;

const oneChannel = () => channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(300));

describe("signed cookies", () => {
  it("serve the master playlist with its content type and a one-second cache", async () => {
    const res = await fetch(`${base}/live/seeyoo-one/master.m3u8`, {
      headers: { cookie: cookieHeader(signedCookies(fixture, oneChannel())) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    expect(res.headers.get("cache-control")).toBe("public, max-age=1");
    expect(await res.text()).toBe(MASTER);
  });

  it("serve segments as video/mp2t, cached for a day and immutable", async () => {
    const res = await fetch(`${base}/live/seeyoo-one/360p/seg_001.ts`, {
      headers: { cookie: cookieHeader(signedCookies(fixture, oneChannel())) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("video/mp2t");
    expect(res.headers.get("cache-control")).toBe("public, max-age=86400, immutable");
    expect((await res.arrayBuffer()).byteLength).toBe(188 * 4);
  });

  it("may be SHA-256 signatures (Hash-Algorithm)", async () => {
    const cookies = getSignedCookies({
      keyPairId: KEY_PAIR_ID,
      privateKey: fixture.privateKey,
      policy: oneChannel(),
      algorithm: "SHA256",
    });
    expect(cookies["CloudFront-Hash-Algorithm"]).toBe("SHA256");
    const res = await fetch(`${base}/live/seeyoo-one/master.m3u8`, {
      headers: { cookie: cookieHeader(cookies) },
    });
    expect(res.status).toBe(200);
  });
});

describe("signed URLs", () => {
  it("serve the master playlist when the custom policy is in the query", async () => {
    const url = signedChannelUrl(fixture, "/live/seeyoo-one/master.m3u8");
    expect(url).toMatch(/\?Policy=[^&]+&Key-Pair-Id=KLOCALTESTKEY&Signature=/);
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
  });

  it("match the policy without the signing parameters but with the URL's other parameters", async () => {
    // A segment: playlists accept no query but start/end (time-shift.error.test.ts).
    const url = getSignedUrl({
      url: `${base}/live/seeyoo-one/360p/seg_000.ts?player=web`,
      keyPairId: KEY_PAIR_ID,
      privateKey: fixture.privateKey,
      policy: channelPolicy(`${base}/live/seeyoo-one/360p/seg_000.ts?player=web`, fixture.epochIn(300)),
    });
    expect((await fetch(url)).status).toBe(200);
  });

  it("accept a canned policy (Expires) for exactly the signed URL", async () => {
    const url = getSignedUrl({
      url: `${base}/live/seeyoo-news/master.m3u8`,
      keyPairId: KEY_PAIR_ID,
      privateKey: fixture.privateKey,
      dateLessThan: new Date(fixture.epochIn(300) * 1000),
    });
    expect(url).toContain("Expires=");
    expect((await fetch(url)).status).toBe(200);
  });

  it("honour a policy restricted to the client's address and a start date already passed", async () => {
    const policy = channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(300), {
      DateGreaterThan: { "AWS:EpochTime": fixture.epochIn(-60) },
      IpAddress: { "AWS:SourceIp": "127.0.0.0/8" },
    });
    const res = await fetch(`${base}/live/seeyoo-one/master.m3u8`, {
      headers: { cookie: cookieHeader(signedCookies(fixture, policy)) },
    });
    expect(res.status).toBe(200);
  });
});

describe("live media playlists", () => {
  const playlist = async () => {
    const res = await fetch(`${base}/live/seeyoo-one/360p/index.m3u8`, {
      headers: { cookie: cookieHeader(signedCookies(fixture, oneChannel())) },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/vnd.apple.mpegurl");
    const text = await res.text();
    return { text, sequence: Number(/#EXT-X-MEDIA-SEQUENCE:(\d+)/.exec(text)?.[1]) };
  };

  it("are generated from the encoded loop and advance with the clock", async () => {
    const before = await playlist();
    expect(before.text).not.toContain("#EXT-X-ENDLIST");
    expect(before.text).toContain("#EXT-X-DISCONTINUITY");
    now += 4_000;
    const after = await playlist();
    expect(after.sequence).toBe(before.sequence + 2);
  });
});

describe("CORS for the web player", () => {
  it("lets the player's origin read an answer, without credentials (it signs in the query)", async () => {
    const url = signedChannelUrl(fixture, "/live/seeyoo-one/master.m3u8");
    const res = await fetch(url, { headers: { origin: PLAYER_ORIGIN } });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe(PLAYER_ORIGIN);
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(res.headers.get("vary")).toBe("Origin");
  });

  it("answers the player's preflight without a signature", async () => {
    const res = await preflight(fixture, "/live/seeyoo-one/master.m3u8", PLAYER_ORIGIN, {
      "access-control-request-headers": "range",
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-origin")).toBe(PLAYER_ORIGIN);
    expect(res.headers.get("access-control-allow-methods")).toBe("GET, HEAD");
    expect(res.headers.get("access-control-allow-headers")).toBe("range");
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    expect(fixture.denied).not.toContain("Missing Key-Pair-Id query parameter or cookie value");
  });

  it("allows the player's page to reach the loopback CDN (Private Network Access)", async () => {
    const res = await preflight(fixture, "/live/seeyoo-one/master.m3u8", PLAYER_ORIGIN, {
      "access-control-request-private-network": "true",
    });
    expect(res.status).toBe(204);
    expect(res.headers.get("access-control-allow-private-network")).toBe("true");
  });

  it("lets the player read a refusal too", async () => {
    const res = await fetch(`${base}/live/seeyoo-one/master.m3u8`, { headers: { origin: PLAYER_ORIGIN } });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBe(PLAYER_ORIGIN);
  });
});

describe("channel logos", () => {
  it("are public SVGs", async () => {
    const res = await fetch(`${base}/logos/seeyoo-one.seeyoo.test.svg`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml; charset=utf-8");
    const svg = await res.text();
    expect(svg).toMatch(/^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg"/);
    expect(svg).toContain("SEEYOO One");
  });

  it("are 404 for a channel without one", async () => {
    expect((await fetch(`${base}/logos/nope.seeyoo.test.svg`)).status).toBe(404);
  });
});

describe("a signed request for a file that does not exist", () => {
  it("is 404", async () => {
    const res = await fetch(`${base}/live/seeyoo-one/1080p/index.m3u8`, {
      headers: { cookie: cookieHeader(signedCookies(fixture, oneChannel())) },
    });
    expect(res.status).toBe(404);
  });
});
