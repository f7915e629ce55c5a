/**
 * Serves a short encoded loop as a never-ending live stream. Time is cut into the loop's segments
 * end to end since the Unix epoch, so every request, every rendition and every restart agree on
 * which segment is live at a given instant. A segment is published once its wall-clock slot has
 * passed; the playlist shows the newest `windowSize` of them. Each pass over the loop is a new
 * timeline (timestamps restart), announced with EXT-X-DISCONTINUITY; when such a tag slides out
 * of the window, EXT-X-DISCONTINUITY-SEQUENCE counts it (RFC 8216 §6.2.2). No ENDLIST: it is live.
 */
import type { VodSegment } from "./vod-playlist.ts";

export interface LiveWindowOptions {
  /** Segments in the live window (default 6). */
  windowSize?: number;
}

export const DEFAULT_LIVE_WINDOW = 6;

/** The live media playlist at `nowMs` (epoch milliseconds) for one rendition's looped segments. */
export function renderLivePlaylist(
  segments: readonly VodSegment[],
  nowMs: number,
  options: LiveWindowOptions = {},
): string {
  const n = segments.length;
  if (n === 0) throw new Error("a live loop needs at least one segment");
  const windowSize = Math.max(1, options.windowSize ?? DEFAULT_LIVE_WINDOW);
  const starts: number[] = [];
  let loopMs = 0;
  for (const segment of segments) {
    if (segment.durationMs <= 0) throw new Error(`segment ${segment.uri} has no duration`);
    starts.push(loopMs);
    loopMs += segment.durationMs;
  }

  // How many segments (counting from the epoch) have finished by now.
  const loops = Math.floor(nowMs / loopMs);
  const intoLoop = nowMs - loops * loopMs;
  let doneInLoop = 0;
  while (
    doneInLoop < n &&
    (starts[doneInLoop] as number) + (segments[doneInLoop] as VodSegment).durationMs <= intoLoop
  ) {
    doneInLoop++;
  }
  const published = loops * n + doneInLoop;
  const first = Math.max(0, published - windowSize);

  const targetDuration = Math.max(...segments.map((s) => Math.ceil(s.durationMs / 1000)));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    "#EXT-X-INDEPENDENT-SEGMENTS",
    `#EXT-X-TARGETDURATION:${targetDuration}`,
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
    // Discontinuity tags sit on segments k > 0 with k % n === 0; count those already gone.
    `#EXT-X-DISCONTINUITY-SEQUENCE:${first > 0 ? Math.floor((first - 1) / n) : 0}`,
  ];
  for (let k = first; k < published; k++) {
    const index = k % n;
    const segment = segments[index] as VodSegment;
    const startsAt = Math.floor(k / n) * loopMs + (starts[index] as number);
    if (index === 0 && k > 0) lines.push("#EXT-X-DISCONTINUITY");
    if (k === first || index === 0)
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(startsAt).toISOString()}`);
    lines.push(`#EXTINF:${(segment.durationMs / 1000).toFixed(3)},`, segment.uri);
  }
  return `${lines.join("\n")}\n`;
}
