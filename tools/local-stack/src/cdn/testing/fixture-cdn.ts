/**
 * Test support: a local CDN on a free port over a throw-away media folder with two channels
 * (playlists and a few stand-in segment files: the CDN does not look inside them), a fresh RSA
 * key pair, and helpers that sign with AWS's own signer so the tests prove the real format.
 */
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type CloudfrontSignedCookiesOutput,
  getSignedCookies,
  getSignedUrl,
} from "@aws-sdk/cloudfront-signer";
import { afterAll } from "vitest";
import { channelLogos } from "../channel-logo.ts";
import { type LocalCdn, startLocalCdn } from "../local-cdn.ts";

export const KEY_PAIR_ID = "KLOCALTESTKEY";
/** The one web origin the fixture CDN allows (the web player's, as `npm start` configures it). */
export const PLAYER_ORIGIN = "http://127.0.0.1:8787";

export const MASTER =
  '#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-STREAM-INF:BANDWIDTH=900000,RESOLUTION=640x360,CODECS="avc1.4d401e,mp4a.40.2"\n360p/index.m3u8\n';

function writeChannel(mediaDir: string, hlsPath: string): void {
  const dir = join(mediaDir, hlsPath);
  mkdirSync(join(dir, "360p"), { recursive: true });
  writeFileSync(join(dir, "master.m3u8"), MASTER);
  const vod = ["#EXTM3U", "#EXT-X-TARGETDURATION:2", "#EXT-X-PLAYLIST-TYPE:VOD"];
  for (let i = 0; i < 3; i++) {
    vod.push("#EXTINF:2.000000,", `seg_00${i}.ts`);
    writeFileSync(join(dir, "360p", `seg_00${i}.ts`), Buffer.alloc(188 * 4, 0x47));
  }
  writeFileSync(join(dir, "360p", "vod.m3u8"), `${vod.join("\n")}\n#EXT-X-ENDLIST\n`);
}

export interface FixtureCdn {
  cdn: LocalCdn;
  privateKey: string;
  denied: string[];
  /** Epoch seconds `seconds` from the CDN's clock. */
  epochIn(seconds: number): number;
  close(): Promise<void>;
}

type FixtureCdnOptions = { clock?: () => number; startoverHours?: ReadonlyMap<string, number> };

/**
 * A fixture CDN for the test file that awaits it at its top level: started before the file's
 * tests, closed (and its folder removed) after them.
 */
export async function fixtureCdnForFile(options: FixtureCdnOptions = {}): Promise<FixtureCdn> {
  const fixture = await startFixtureCdn(options);
  afterAll(() => fixture.close());
  return fixture;
}

async function startFixtureCdn(options: FixtureCdnOptions): Promise<FixtureCdn> {
  const root = mkdtempSync(join(tmpdir(), "seeyoo-cdn-"));
  const mediaDir = join(root, "media");
  writeChannel(mediaDir, "/live/seeyoo-one");
  writeChannel(mediaDir, "/live/seeyoo-news");
  writeFileSync(join(root, "secret.txt"), "outside the media folder");
  const keys = generateKeyPairSync("rsa", { modulusLength: 2048 });
  const clock = options.clock ?? Date.now;
  const denied: string[] = [];
  const cdn = await startLocalCdn({
    port: 0,
    mediaDir,
    publicKeyPem: keys.publicKey.export({ type: "spki", format: "pem" }) as string,
    keyPairId: KEY_PAIR_ID,
    logos: channelLogos([{ slug: "seeyoo-one.seeyoo.test", name: "SEEYOO One", number: 1 }]),
    clock,
    allowedOrigins: [PLAYER_ORIGIN],
    startoverHours: options.startoverHours,
    onDenied: (_path, reason) => denied.push(reason),
  });
  return {
    cdn,
    privateKey: keys.privateKey.export({ type: "pkcs8", format: "pem" }) as string,
    denied,
    epochIn: (seconds) => Math.floor(clock() / 1000) + seconds,
    close: async () => {
      await cdn.close();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

/** The custom policy exactly as the edge writes it (see edge/src/playback/cloudfront-policy.ts). */
export function channelPolicy(
  resource: string,
  expiresEpoch: number,
  extra: Record<string, unknown> = {},
): string {
  return JSON.stringify({
    Statement: [
      { Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": expiresEpoch }, ...extra } },
    ],
  });
}

export function signedCookies(
  fixture: FixtureCdn,
  policy: string,
  keyPairId = KEY_PAIR_ID,
): CloudfrontSignedCookiesOutput {
  return getSignedCookies({ keyPairId, privateKey: fixture.privateKey, policy });
}

export function cookieHeader(cookies: Partial<CloudfrontSignedCookiesOutput>): string {
  return Object.entries(cookies)
    .map(([name, value]) => `${name}=${value}`)
    .join("; ");
}

/**
 * `path` (with its own query, e.g. `?start=…`) signed in the query as the web player does it,
 * with a policy for the channel's folder (`/live/<channel>/*`), valid for five minutes.
 */
export function signedChannelUrl(fixture: FixtureCdn, path: string): string {
  const channel = /^\/live\/[^/]+/.exec(path)?.[0];
  if (!channel) throw new Error(`not a channel path: ${path}`);
  return getSignedUrl({
    url: `${fixture.cdn.url}${path}`,
    keyPairId: KEY_PAIR_ID,
    privateKey: fixture.privateKey,
    policy: channelPolicy(`${fixture.cdn.url}${channel}/*`, fixture.epochIn(300)),
  });
}

/**
 * A browser's CORS preflight for `path` from `origin`, asking for GET; `requested` adds the other
 * `access-control-request-*` headers (headers, private network).
 */
export function preflight(
  fixture: FixtureCdn,
  path: string,
  origin: string,
  requested: Record<string, string> = {},
): Promise<Response> {
  return fetch(`${fixture.cdn.url}${path}`, {
    method: "OPTIONS",
    headers: { origin, "access-control-request-method": "GET", ...requested },
  });
}
