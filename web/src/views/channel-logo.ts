/** A channel's logo, or a coloured monogram when the channel has none. */
import { h } from "../app/dom.ts";
import type { Channel } from "../catalog/catalog.ts";

function hueOf(text: string): number {
  let hash = 0;
  for (const ch of text) hash = (hash * 31 + ch.charCodeAt(0)) >>> 0;
  return hash % 360;
}

export function channelLogo(channel: Channel): HTMLElement {
  if (channel.logoUrl) {
    return h("img", { class: "logo", src: channel.logoUrl, alt: "", loading: "lazy", width: 64, height: 36 });
  }
  const initials = channel.name
    .split(/\s+/)
    .filter((w) => /^[\p{L}\p{N}]/u.test(w))
    .slice(0, 2)
    .map((w) => w[0]?.toUpperCase())
    .join("");
  const logo = h("span", { class: "logo monogram", "aria-hidden": "true" }, initials);
  logo.style.setProperty("--hue", String(hueOf(channel.slug)));
  return logo;
}
