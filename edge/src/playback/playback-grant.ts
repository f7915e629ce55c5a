/**
 * A playback grant: one custom policy over the whole channel folder (`<cdn><hlsPath>/*`, so
 * every rendition playlist and segment is covered), signed once and handed out twice — as
 * cookies and as the master playlist URL's query — so players with or without cookie support
 * work. Expiry is short (PLAYBACK_TTL_SECONDS); heartbeats renew it while the session lives.
 */
import type { Settings } from "../env.ts";
import { customPolicy, encodePath } from "./cloudfront-policy.ts";
import { signPolicy } from "./cloudfront-signer.ts";
import { sharedCookieDomain, signedCookieHeaders } from "./signed-cookies.ts";
import { withSignedQuery } from "./signed-url.ts";

export interface PlaybackGrant {
  /** The master playlist with the signed policy as query parameters. */
  url: string;
  expiresAt: Date;
  /** Set-Cookie header values. */
  cookies: string[];
}

export async function grantPlayback(
  settings: Settings,
  hlsPath: string,
  apiHost: string,
  now = Date.now(),
): Promise<PlaybackGrant> {
  const folder = `${encodePath(hlsPath.replace(/\/+$/, ""))}/`;
  const expiresAtEpoch = Math.floor(now / 1000) + settings.playbackTtlSeconds;
  const signed = await signPolicy(
    customPolicy(`${settings.cdnBaseUrl}${folder}*`, expiresAtEpoch),
    settings.cloudfront,
  );
  const cdn = new URL(settings.cdnBaseUrl);
  const secure = cdn.protocol !== "http:";
  return {
    url: withSignedQuery(`${settings.cdnBaseUrl}${folder}master.m3u8`, signed),
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
