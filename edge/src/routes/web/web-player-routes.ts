/**
 * The web player's pages, served from the static assets (web/dist) with its Content-Security-
 * Policy. wrangler.toml sends every path to the Worker first except the content-hashed bundles,
 * icons and reference files, which Cloudflare serves directly (their CSP would not matter: only
 * documents and worker scripts are governed by one). So the HTML (every player route falls back to
 * index.html) and the service worker script carry the policy, built from CDN_BASE_URL: the player
 * talks to its own origin and to the CDN, nothing else.
 */
import { problemNotFound } from "@seeyoo/http";
import { Hono } from "hono";
import type { EdgeEnv } from "../../edge-env.ts";
import { settingsOf } from "../../env.ts";

/**
 * - scripts: only the player's own files (no inline script, no eval);
 * - styles: its own sheet, plus inline style attributes (the guide positions programmes with them);
 * - media: MediaSource blobs (hls.js) and the CDN (Safari's native HLS);
 * - workers: the service worker ('self') and hls.js's transmuxing worker (a blob it creates);
 * - images: logos on the CDN or any https host an admin names; data: for inline icons;
 * - no plugins, no <base>, forms only to itself, and no page may frame the player.
 */
export function webPlayerContentSecurityPolicy(cdnBaseUrl: string): string {
  const cdn = new URL(cdnBaseUrl).origin;
  return [
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self' 'unsafe-inline'",
    `img-src 'self' data: https: ${cdn}`,
    `media-src 'self' blob: ${cdn}`,
    `connect-src 'self' ${cdn}`,
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join("; ");
}

export const webPlayerRoutes = new Hono<EdgeEnv>().on(["GET", "HEAD"], "/*", async (c) => {
  const assets = c.env.ASSETS;
  // API paths never fall back to the player: an unknown one is a problem+json 404.
  if (!assets || c.req.path.startsWith("/v1/")) return problemNotFound(c);
  const served = await assets.fetch(c.req.raw);
  const response = new Response(served.body, served);
  if (response.status < 300 || response.status === 304) {
    response.headers.set(
      "content-security-policy",
      webPlayerContentSecurityPolicy(settingsOf(c.env).cdnBaseUrl),
    );
  }
  return response;
});
