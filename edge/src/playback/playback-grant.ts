/**
 * A playback grant: one custom policy, signed once and handed out twice — as cookies and as the
 * master playlist URL's query — so players with or without cookie support work. Expiry is short
 * (Settings.playbackTtlSeconds, at most two heartbeat intervals); heartbeats renew it while the
 * session lives and its rights hold.
 *
 * What the policy's Resource covers:
 *   - live: the whole channel folder, `<cdn><hlsPath>/*` (every rendition playlist and segment);
 *   - restart / catch-up: `<cdn><hlsPath>/*?start=…[&end=…]` — CloudFront's `?` matches any one
 *     character, here the `?` of the query — so only URLs under the folder that END with exactly
 *     this window's query: the master and rendition playlists of this window (MediaPackage's
 *     `start`/`end`, passed on to the renditions) and the segments those playlists name with the
 *     same query. Never a live manifest (no query), never another window, never another channel.
 *     The CDN refuses manifest queries with anything but one `start` and one `end` (a duplicate or
 *     an extra parameter placed before the window's would otherwise change what the manifest
 *     shows while the URL still ends as signed). README "Restart and catch-up" spells out what a
 *     catch-up grant lets its holder fetch.
 */
import type { Settings } from "../env.ts";
import { customPolicy, encodePath } from "./cloudfront-policy.ts";
import { signPolicy } from "./cloudfront-signer.ts";
import { sharedCookieDomain, signedCookieHeaders } from "./signed-cookies.ts";
import { withSignedQuery } from "./signed-url.ts";

/** What a session may play: a channel folder, live or one time-shifted window of it. */
export interface PlaybackResource {
  hlsPath: string;
  /** The window (epoch ms; `endMs` null for restart), or null for live. */
  timeShift: { startMs: number; endMs: number | null } | null;
}

export interface PlaybackGrant {
  /** The master playlist (with the window's `start`/`end`) and the signed policy as query parameters. */
  url: string;
  expiresAt: Date;
  /** Set-Cookie header values. */
  cookies: string[];
}

/** ISO 8601 UTC to the second, as MediaPackage reads `start`/`end`. */
const isoSeconds = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/**
 * The `start`/`end` query of a time-shifted manifest, encoded as URLSearchParams encodes it (`:` as
 * `%3A`, which MediaPackage asks for) — the same bytes the CDN's master playlist passes on, so the
 * signed Resource matches the URLs the player ends up requesting.
 */
export function timeShiftQuery(window: NonNullable<PlaybackResource["timeShift"]>): string {
  const query = new URLSearchParams({ start: isoSeconds(window.startMs) });
  if (window.endMs !== null) query.set("end", isoSeconds(window.endMs));
  return query.toString();
}

export async function grantPlayback(
  settings: Settings,
  resource: PlaybackResource,
  apiHost: string,
  now = Date.now(),
): Promise<PlaybackGrant> {
  const folder = `${encodePath(resource.hlsPath.replace(/\/+$/, ""))}/`;
  const query = resource.timeShift && timeShiftQuery(resource.timeShift);
  const expiresAtEpoch = Math.floor(now / 1000) + settings.playbackTtlSeconds;
  const scope = query === null ? "*" : `*?${query}`;
  const signed = await signPolicy(
    customPolicy(`${settings.cdnBaseUrl}${folder}${scope}`, expiresAtEpoch),
    settings.cloudfront,
  );
  const cdn = new URL(settings.cdnBaseUrl);
  const secure = cdn.protocol !== "http:";
  const master = `${settings.cdnBaseUrl}${folder}master.m3u8${query === null ? "" : `?${query}`}`;
  return {
    url: withSignedQuery(master, signed),
    expiresAt: new Date(expiresAtEpoch * 1000),
    cookies: signedCookieHeaders(signed, {
      // The CDN base may itself have a path; the cookie must match what the player requests.
      path: new URL(`${settings.cdnBaseUrl}${folder}`).pathname,
      maxAgeSeconds: settings.playbackTtlSeconds,
      secure,
      domain: sharedCookieDomain(apiHost, cdn.hostname),
    }),
  };
}
