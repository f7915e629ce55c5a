/**
 * The master playlist of a test channel, written after encoding so BANDWIDTH is the measured peak
 * segment bitrate (what RFC 8216 asks for) and AVERAGE-BANDWIDTH the measured mean.
 */
import type { EncodingProfile, Rendition } from "./encoding-profile.ts";

export interface MeasuredRendition {
  rendition: Rendition;
  /** Per segment: bytes and duration in ms. */
  segments: readonly { bytes: number; durationMs: number }[];
}

export const MASTER_PLAYLIST = "master.m3u8";
export const LIVE_PLAYLIST = "index.m3u8";

export function renderMasterPlaylist(
  profile: EncodingProfile,
  measured: readonly MeasuredRendition[],
): string {
  const lines = ["#EXTM3U", "#EXT-X-VERSION:3", "#EXT-X-INDEPENDENT-SEGMENTS"];
  const byBandwidth = measured
    .map(({ rendition, segments }) => {
      const bits = segments.map((s) => (s.bytes * 8 * 1000) / s.durationMs);
      const totalMs = segments.reduce((sum, s) => sum + s.durationMs, 0);
      const totalBytes = segments.reduce((sum, s) => sum + s.bytes, 0);
      return {
        rendition,
        peak: Math.ceil(Math.max(...bits)),
        average: Math.ceil((totalBytes * 8 * 1000) / totalMs),
      };
    })
    .sort((a, b) => a.peak - b.peak);
  for (const { rendition: r, peak, average } of byBandwidth) {
    lines.push(
      `#EXT-X-STREAM-INF:BANDWIDTH=${peak},AVERAGE-BANDWIDTH=${average},RESOLUTION=${r.width}x${r.height},` +
        `FRAME-RATE=${profile.fps.toFixed(3)},CODECS="${r.codecs}"`,
      `${r.name}/${LIVE_PLAYLIST}`,
    );
  }
  return `${lines.join("\n")}\n`;
}

/**
 * A playlist of a time-shifted request with every URI carrying the same `start`/`end`: the master's
 * renditions (so the media playlists show the same window) and a media playlist's segments (so a
 * policy scoped to the window's query covers them). Relative URIs stay inside the channel's folder.
 */
export function withTimeShiftQuery(master: string, query: Readonly<Record<string, string>>): string {
  const suffix = new URLSearchParams(query).toString();
  return master
    .split("\n")
    .map((line) => {
      const uri = line.trim();
      if (uri === "" || uri.startsWith("#")) return line;
      return `${uri}${uri.includes("?") ? "&" : "?"}${suffix}`;
    })
    .join("\n");
}
