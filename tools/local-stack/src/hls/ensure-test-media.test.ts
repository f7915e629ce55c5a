/**
 * Real ffmpeg, tiny encode: the test channels come out as a master playlist over two H.264 + AAC
 * renditions with 2 s segments, are reused on the next start, redone when the parameters change,
 * and served as live by the CDN with every referenced segment present.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { getSignedCookies } from "@aws-sdk/cloudfront-signer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type LocalCdn, startLocalCdn } from "../cdn/local-cdn.ts";
import { ensureTestMedia, type TestMediaResult } from "./ensure-test-media.ts";
import { skipWithoutFfmpeg, TINY_PROFILE } from "./testing/tiny-profile.ts";

const channels = [
  { name: "SEEYOO One", hlsPath: "/live/seeyoo-one" },
  { name: "SEEYOO News", hlsPath: "/live/seeyoo-news" },
];

describe("test channels without ffmpeg", () => {
  it("reports what is missing and encodes nothing", async () => {
    const mediaDir = mkdtempSync(join(tmpdir(), "seeyoo-media-"));
    try {
      const result = await ensureTestMedia({
        mediaDir,
        channels,
        profile: TINY_PROFILE,
        probe: { ok: false, problem: "ffmpeg not found (install it: apt-get install -y ffmpeg)" },
      });
      expect(result).toEqual({
        available: false,
        problem: expect.stringContaining("apt-get install -y ffmpeg"),
      });
      expect(readdirSync(mediaDir)).toEqual([]);
    } finally {
      rmSync(mediaDir, { recursive: true, force: true });
    }
  });
});

describe.skipIf(skipWithoutFfmpeg)("test channels encoded with ffmpeg", () => {
  let mediaDir: string;
  let first: TestMediaResult;
  const log: string[] = [];

  beforeAll(async () => {
    mediaDir = mkdtempSync(join(tmpdir(), "seeyoo-media-"));
    first = await ensureTestMedia({ mediaDir, channels, profile: TINY_PROFILE, log: (m) => log.push(m) });
  }, 120_000);
  afterAll(() => rmSync(mediaDir, { recursive: true, force: true }));

  it("encodes every channel into its hlsPath folder", () => {
    expect(first).toEqual({ available: true, encoded: ["SEEYOO One", "SEEYOO News"], cached: [] });
    expect(log.some((m) => m.startsWith("encoding SEEYOO One once"))).toBe(true);
  });

  it("writes a master playlist naming each rendition with BANDWIDTH, RESOLUTION and CODECS", () => {
    const master = readFileSync(join(mediaDir, "live/seeyoo-one/master.m3u8"), "utf8");
    const variants = [...master.matchAll(/^#EXT-X-STREAM-INF:(.+)\n(.+)$/gm)].map((m) => ({
      attrs: m[1],
      uri: m[2],
    }));
    expect(variants.map((v) => v.uri)).toEqual(["90p/index.m3u8", "180p/index.m3u8"]);
    expect(variants[0]?.attrs).toMatch(
      /BANDWIDTH=\d+,AVERAGE-BANDWIDTH=\d+,RESOLUTION=160x90,FRAME-RATE=10\.000,CODECS="avc1\.4d401e,mp4a\.40\.2"/,
    );
    expect(variants[1]?.attrs).toMatch(/RESOLUTION=320x180,.*CODECS="avc1\.64001f,mp4a\.40\.2"/);
  });

  it("cuts each rendition into 2 s segments covering the loop", () => {
    for (const rendition of ["90p", "180p"]) {
      const vod = readFileSync(join(mediaDir, "live/seeyoo-news", rendition, "vod.m3u8"), "utf8");
      expect([...vod.matchAll(/#EXTINF:([\d.]+),/g)].map((m) => Number(m[1]))).toEqual([2, 2]);
    }
  });

  it("reuses a complete encode on the next start", async () => {
    const before = statSync(join(mediaDir, "live/seeyoo-one/stream.json")).mtimeMs;
    const again = await ensureTestMedia({ mediaDir, channels, profile: TINY_PROFILE });
    expect(again).toEqual({ available: true, encoded: [], cached: ["SEEYOO One", "SEEYOO News"] });
    expect(statSync(join(mediaDir, "live/seeyoo-one/stream.json")).mtimeMs).toBe(before);
  });

  it("encodes again when a segment is missing or the parameters changed", async () => {
    rmSync(join(mediaDir, "live/seeyoo-one/180p/seg_001.ts"));
    const repaired = await ensureTestMedia({ mediaDir, channels, profile: TINY_PROFILE });
    expect(repaired).toEqual({ available: true, encoded: ["SEEYOO One"], cached: ["SEEYOO News"] });
    const changed = await ensureTestMedia({
      mediaDir,
      channels: channels.slice(1),
      profile: { ...TINY_PROFILE, loopSeconds: 2 },
    });
    expect(changed).toEqual({ available: true, encoded: ["SEEYOO News"], cached: [] });
    expect(readdirSync(join(mediaDir, "live")).sort()).toEqual(["seeyoo-news", "seeyoo-one"]);
  }, 60_000);

  describe("served as live through the CDN", () => {
    let cdn: LocalCdn;
    const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
    const privateKey = keys.privateKey.export({ type: "pkcs8", format: "pem" }) as string;

    beforeAll(async () => {
      cdn = await startLocalCdn({
        port: 0,
        mediaDir,
        publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }) as string,
        keyPairId: "KTEST",
        dvrWindowMs: 12_000,
      });
    });
    afterAll(() => cdn.close());

    it("references only segments that exist, each a video/mp2t cached for a day", async () => {
      const policy = JSON.stringify({
        Statement: [
          {
            Resource: `${cdn.url}/live/seeyoo-one/*`,
            Condition: { DateLessThan: { "AWS:EpochTime": Math.floor(Date.now() / 1000) + 600 } },
          },
        ],
      });
      const cookie = Object.entries(getSignedCookies({ keyPairId: "KTEST", privateKey, policy }))
        .map(([k, v]) => `${k}=${v}`)
        .join("; ");
      const get = (path: string) => fetch(`${cdn.url}${path}`, { headers: { cookie } });
      for (const rendition of ["90p", "180p"]) {
        const live = await get(`/live/seeyoo-one/${rendition}/index.m3u8`);
        expect(live.status).toBe(200);
        const uris = (await live.text()).split("\n").filter((l) => l !== "" && !l.startsWith("#"));
        // The 4 s loop (2 segments) repeats to fill the 12 s (6-segment) DVR window.
        expect(uris).toHaveLength(6);
        for (const uri of new Set(uris)) {
          const segment = await get(`/live/seeyoo-one/${rendition}/${uri}`);
          expect(segment.status, uri).toBe(200);
          expect(segment.headers.get("content-type")).toBe("video/mp2t");
          expect(segment.headers.get("cache-control")).toBe("public, max-age=86400, immutable");
          const bytes = new Uint8Array(await segment.arrayBuffer());
          // MPEG-TS: 188-byte packets starting with the sync byte 0x47.
          expect(bytes.length % 188).toBe(0);
          expect(bytes[0]).toBe(0x47);
        }
      }
    });
  });
});
