/**
 * A simple generated logo per channel (SVG, 16:9): the channel's initials on a colour taken from
 * its name, with its number in a corner. Stable across starts, so cached logos stay valid.
 */
import { createHash } from "node:crypto";

export interface LogoChannel {
  slug: string;
  name: string;
  number: number;
}

const escapeXml = (text: string) => text.replace(/[&<>"']/g, (ch) => `&#${ch.charCodeAt(0)};`);

function initials(name: string): string {
  const words = name.replace(/&/g, " ").split(/\s+/).filter(Boolean);
  const letters =
    words.length === 1
      ? (words[0] ?? "").slice(0, 2)
      : words
          .slice(0, 3)
          .map((w) => w[0])
          .join("");
  return letters.toUpperCase();
}

export function channelLogoSvg(channel: LogoChannel): string {
  const hue = createHash("sha256").update(channel.name).digest()[0] ?? 0;
  const hueDegrees = Math.round((hue / 256) * 360);
  return `<svg xmlns="http://www.w3.org/2000/svg" width="320" height="180" viewBox="0 0 320 180" role="img" aria-label="${escapeXml(channel.name)}">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="hsl(${hueDegrees} 70% 45%)"/>
      <stop offset="1" stop-color="hsl(${(hueDegrees + 40) % 360} 70% 28%)"/>
    </linearGradient>
  </defs>
  <rect width="320" height="180" rx="24" fill="url(#bg)"/>
  <text x="160" y="112" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="72" font-weight="700" fill="#fff">${escapeXml(initials(channel.name))}</text>
  <text x="160" y="156" text-anchor="middle" font-family="DejaVu Sans, Arial, sans-serif" font-size="20" fill="#fff" fill-opacity="0.85">${escapeXml(channel.name)}</text>
  <text x="296" y="36" text-anchor="end" font-family="DejaVu Sans, Arial, sans-serif" font-size="22" font-weight="700" fill="#fff" fill-opacity="0.7">${channel.number}</text>
</svg>
`;
}

/** slug → SVG, for the CDN's public `/logos/<slug>.svg`. */
export function channelLogos(channels: readonly LogoChannel[]): Map<string, string> {
  return new Map(channels.map((channel) => [channel.slug, channelLogoSvg(channel)]));
}

export const logoPath = (slug: string) => `/logos/${encodeURIComponent(slug)}.svg`;
