/**
 * Everything CloudFront would refuse is refused (403, with the reason as text): missing, expired,
 * not-yet-valid, tampered, foreign-key or wrong-key-pair signatures, another channel's or another
 * host's URL, a client outside the policy's addresses — and no path escapes the media folder.
 */
import { generateKeyPairSync } from "node:crypto";
import { request } from "node:http";
import { getSignedCookies, getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { describe, expect, it } from "vitest";
import {
  channelPolicy,
  cookieHeader,
  fixtureCdnForFile,
  KEY_PAIR_ID,
  PLAYER_ORIGIN,
  preflight,
  signedChannelUrl,
  signedCookies,
} from "./testing/fixture-cdn.ts";

const master = "/live/seeyoo-one/master.m3u8";
const now = Date.now();
const fixture = await fixtureCdnForFile({ clock: () => now });
const base = fixture.cdn.url;

const withCookies = (path: string, cookies: Parameters<typeof cookieHeader>[0]) =>
  fetch(`${base}${path}`, { headers: { cookie: cookieHeader(cookies) } });

async function expectDenied(res: Response, reason: RegExp): Promise<void> {
  expect(res.status).toBe(403);
  expect(res.headers.get("content-type")).toBe("text/plain; charset=utf-8");
  const body = await res.text();
  expect(body).toMatch(/^AccessDenied: /);
  expect(body).toMatch(reason);
}

const toCloudFrontBase64 = (text: string) =>
  Buffer.from(text).toString("base64").replace(/\+/g, "-").replace(/=/g, "_").replace(/\//g, "~");

describe("requests without a usable signature", () => {
  it("are refused when unsigned", async () => {
    await expectDenied(await fetch(`${base}${master}`), /Missing Key-Pair-Id/);
    await expectDenied(await fetch(`${base}/live/seeyoo-one/360p/seg_000.ts`), /Missing Key-Pair-Id/);
  });

  it("are refused when a cookie is missing", async () => {
    const { "CloudFront-Signature": _, ...rest } = signedCookies(
      fixture,
      channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(300)),
    );
    await expectDenied(await withCookies(master, rest), /Missing Signature cookie/);
  });

  it("are refused once the policy has expired", async () => {
    const expired = signedCookies(fixture, channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(-1)));
    await expectDenied(await withCookies(master, expired), /expired/);
    // DateLessThan is exclusive: at the very second it names, access has ended.
    const endsNow = signedCookies(
      fixture,
      channelPolicy(`${base}/live/seeyoo-one/*`, Math.floor(now / 1000)),
    );
    await expectDenied(await withCookies(master, endsNow), /expired/);
  });

  it("are refused before the policy's DateGreaterThan", async () => {
    const policy = channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(600), {
      DateGreaterThan: { "AWS:EpochTime": fixture.epochIn(120) },
    });
    await expectDenied(await withCookies(master, signedCookies(fixture, policy)), /not valid before/);
  });

  it("are refused from an address outside the policy's IpAddress", async () => {
    const policy = channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(300), {
      IpAddress: { "AWS:SourceIp": "203.0.113.0/24" },
    });
    await expectDenied(
      await withCookies(master, signedCookies(fixture, policy)),
      /outside the policy's IpAddress/,
    );
  });
});

describe("tampered signatures and policies", () => {
  const valid = () =>
    signedCookies(fixture, channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(300)));

  it("refuses a changed signature", async () => {
    const cookies = valid();
    const signature = cookies["CloudFront-Signature"];
    const flipped = `${signature.slice(0, 10)}${signature[10] === "A" ? "B" : "A"}${signature.slice(11)}`;
    await expectDenied(
      await withCookies(master, { ...cookies, "CloudFront-Signature": flipped }),
      /Invalid signature/,
    );
  });

  it("refuses a policy widened or extended after signing", async () => {
    const cookies = valid();
    for (const forged of [
      channelPolicy(`${base}/live/*`, fixture.epochIn(300)),
      channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(86_400)),
    ]) {
      await expectDenied(
        await withCookies(master, { ...cookies, "CloudFront-Policy": toCloudFrontBase64(forged) }),
        /Invalid signature/,
      );
    }
  });

  it("refuses a signature made with a key the CDN does not trust", async () => {
    const stranger = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const cookies = getSignedCookies({
      keyPairId: KEY_PAIR_ID,
      privateKey: stranger.privateKey.export({ type: "pkcs8", format: "pem" }) as string,
      policy: channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(300)),
    });
    await expectDenied(await withCookies(master, cookies), /Invalid signature/);
  });

  it("refuses a key pair id other than the trusted one", async () => {
    const cookies = signedCookies(
      fixture,
      channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(300)),
      "KOTHERKEY",
    );
    await expectDenied(await withCookies(master, cookies), /Unknown key pair id KOTHERKEY/);
  });

  it("refuses a tampered signed URL", async () => {
    const url = signedChannelUrl(fixture, master);
    const forgedPolicy = toCloudFrontBase64(channelPolicy(`${base}/live/*`, fixture.epochIn(300)));
    await expectDenied(
      await fetch(url.replace(/Policy=[^&]+/, `Policy=${forgedPolicy}`)),
      /Invalid signature/,
    );
  });
});

describe("URLs the policy does not cover", () => {
  const oneChannel = () =>
    signedCookies(fixture, channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(300)));

  it("refuses another channel's playlists and segments", async () => {
    await expectDenied(await withCookies("/live/seeyoo-news/master.m3u8", oneChannel()), /does not cover/);
    await expectDenied(
      await withCookies("/live/seeyoo-news/360p/seg_000.ts", oneChannel()),
      /does not cover/,
    );
  });

  it("refuses a sibling folder that merely starts with the channel's name", async () => {
    await expectDenied(
      await withCookies("/live/seeyoo-one-extra/master.m3u8", oneChannel()),
      /does not cover/,
    );
  });

  it("refuses a policy for the same path on another host or scheme", async () => {
    for (const resource of [
      "https://cdn.seeyoo.tv/live/seeyoo-one/*",
      `${base.replace("http:", "https:")}/live/seeyoo-one/*`,
    ]) {
      await expectDenied(
        await withCookies(master, signedCookies(fixture, channelPolicy(resource, fixture.epochIn(300)))),
        /does not cover/,
      );
    }
  });

  it("refuses a canned signed URL used for another file", async () => {
    const url = getSignedUrl({
      url: `${base}${master}`,
      keyPairId: KEY_PAIR_ID,
      privateKey: fixture.privateKey,
      dateLessThan: new Date(fixture.epochIn(300) * 1000),
    });
    await expectDenied(await fetch(url.replace("master.m3u8", "360p/index.m3u8")), /Invalid signature/);
  });

  it("never serves a file outside the media folder, even to a signature covering everything", async () => {
    const everything = cookieHeader(signedCookies(fixture, channelPolicy(`${base}/*`, fixture.epochIn(300))));
    const { hostname, port } = new URL(base);
    const rawStatus = (path: string) =>
      new Promise<number>((resolve, reject) => {
        // A raw request target: URL parsing (fetch, or http.request with a URL) would resolve the dots.
        const req = request({ hostname, port, path, headers: { cookie: everything } }, (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        });
        req.on("error", reject);
        req.end();
      });
    expect(await rawStatus("/live/seeyoo-one/../../secret.txt")).toBe(400);
    expect(await rawStatus("/live/seeyoo-one/%2e%2e/%2E%2E/secret.txt")).toBe(400);
    expect(await rawStatus("/live/seeyoo-one/..%2f..%2fsecret.txt")).toBe(400);
    const status = await rawStatus("/live/seeyoo-one/master.m3u8");
    expect(status).toBe(200);
  });
});

describe("CORS for a web page on another origin", () => {
  const signedMaster = () => signedChannelUrl(fixture, master);

  it.each(["https://evil.example", "http://127.0.0.1:5173", `${PLAYER_ORIGIN}.evil.example`, "null"])(
    "never reflects %s, and never allows credentials",
    async (origin) => {
      const res = await fetch(signedMaster(), { headers: { origin } });
      expect(res.status).toBe(200);
      expect(res.headers.get("access-control-allow-origin")).toBeNull();
      expect(res.headers.get("access-control-allow-credentials")).toBeNull();
      expect(res.headers.get("vary")).toBe("Origin");
    },
  );

  it("refuses a preflight from an origin not on the list", async () => {
    const res = await preflight(fixture, master, "https://evil.example", {
      "access-control-request-private-network": "true",
    });
    expect(res.status).toBe(403);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-private-network")).toBeNull();
  });

  const withCookiesFrom = (origin: string) =>
    fetch(`${base}${master}`, {
      headers: {
        origin,
        cookie: cookieHeader(
          signedCookies(fixture, channelPolicy(`${base}/live/seeyoo-one/*`, fixture.epochIn(300))),
        ),
      },
    });

  it("never allows credentials, even to the allowed origin", async () => {
    const res = await withCookiesFrom(PLAYER_ORIGIN);
    expect(res.headers.get("access-control-allow-origin")).toBe(PLAYER_ORIGIN);
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

describe("refusals", () => {
  it("are reported to the operator with their reason", () => {
    expect(fixture.denied.length).toBeGreaterThan(0);
    expect(fixture.denied).toContain("Missing Key-Pair-Id query parameter or cookie value");
  });
});
