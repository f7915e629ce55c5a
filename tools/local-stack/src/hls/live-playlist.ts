/**
 * Serves a short encoded loop as a never-ending live stream, and time-shifted views of it (restart,
 * catch-up) as MediaPackage does, computed from the clock alone. Time is cut into the loop's
 * segments end to end since the Unix epoch, so every request, every rendition and every restart
 * agree on which segment airs at a given instant, and the media sequence number of a segment is its
 * index since the epoch. A segment is published once its wall-clock slot has passed. Each pass over
 * the loop is a new timeline (timestamps restart), announced with EXT-X-DISCONTINUITY; when such a
 * tag lies before the playlist's first segment, EXT-X-DISCONTINUITY-SEQUENCE counts it (RFC 8216
 * §6.2.2). EXT-X-PROGRAM-DATE-TIME gives the wall-clock time (UTC) of the first segment and of
 * every loop point.
 */
import type { VodSegment } from "./vod-playlist.ts";

/** What part of the channel's timeline a playlist shows. */
export type PlaylistView =
  /** Live: the last `windowMs` (the DVR window), no end. */
  | { kind: "live"; windowMs: number }
  /** Restart (`start` only): from `startMs`, growing to the live edge (EVENT). */
  | { kind: "restart"; startMs: number }
  /** Catch-up (`start` and `end`): [startMs, endMs); ends with ENDLIST once all of it has aired. */
  | { kind: "catch-up"; startMs: number; endMs: number };

/** Two hours, as MediaPackage's default startover-friendly DVR window for live manifests. */
export const DEFAULT_DVR_WINDOW_MS = 2 * 60 * 60 * 1000;

class LoopTimeline {
  readonly segments: readonly VodSegment[];
  readonly n: number;
  readonly loopMs: number;
  readonly starts: number[] = [];

  constructor(segments: readonly VodSegment[]) {
    this.segments = segments;
    this.n = segments.length;
    if (this.n === 0) throw new Error("a live loop needs at least one segment");
    let loopMs = 0;
    for (const segment of segments) {
      if (segment.durationMs <= 0) throw new Error(`segment ${segment.uri} has no duration`);
      this.starts.push(loopMs);
      loopMs += segment.durationMs;
    }
    this.loopMs = loopMs;
  }

  /** The index (since the epoch) of the segment airing at `tMs`. */
  segmentAt(tMs: number): number {
    const loops = Math.floor(tMs / this.loopMs);
    const intoLoop = tMs - loops * this.loopMs;
    let index = this.n - 1;
    while (index > 0 && (this.starts[index] as number) > intoLoop) index--;
    return loops * this.n + index;
  }

  /** How many segments (counting from the epoch) have finished airing by `nowMs`. */
  publishedBy(nowMs: number): number {
    // The segment airing now is not finished; every one before it is.
    return this.segmentAt(nowMs);
  }

  startOf(k: number): number {
    return Math.floor(k / this.n) * this.loopMs + (this.starts[k % this.n] as number);
  }
}

/** The media playlist at `nowMs` (epoch milliseconds) for one rendition's looped segments. */
export function renderLoopPlaylist(
  segments: readonly VodSegment[],
  nowMs: number,
  view: PlaylistView,
): string {
  const timeline = new LoopTimeline(segments);
  const published = timeline.publishedBy(nowMs);
  // Always at least one segment, so a player never gets an empty playlist.
  const atMostPublished = (k: number) => Math.max(0, Math.min(k, published - 1));
  let first: number;
  let end = published; // exclusive
  let complete = false;
  if (view.kind === "live") {
    first = atMostPublished(timeline.segmentAt(nowMs - view.windowMs));
  } else {
    first = atMostPublished(timeline.segmentAt(view.startMs));
    if (view.kind === "catch-up") {
      const last = timeline.segmentAt(view.endMs - 1);
      complete = last < published;
      end = Math.min(last + 1, published);
    }
  }

  const { n } = timeline;
  const targetDuration = Math.max(...segments.map((s) => Math.ceil(s.durationMs / 1000)));
  const lines = [
    "#EXTM3U",
    "#EXT-X-VERSION:3",
    "#EXT-X-INDEPENDENT-SEGMENTS",
    `#EXT-X-TARGETDURATION:${targetDuration}`,
    `#EXT-X-MEDIA-SEQUENCE:${first}`,
    // Discontinuity tags sit on segments k > 0 with k % n === 0; count those before the first.
    `#EXT-X-DISCONTINUITY-SEQUENCE:${first > 0 ? Math.floor((first - 1) / n) : 0}`,
  ];
  if (view.kind !== "live") lines.push(`#EXT-X-PLAYLIST-TYPE:${complete ? "VOD" : "EVENT"}`);
  for (let k = first; k < end; k++) {
    const index = k % n;
    const segment = segments[index] as VodSegment;
    if (index === 0 && k > 0) lines.push("#EXT-X-DISCONTINUITY");
    if (k === first || index === 0) {
      lines.push(`#EXT-X-PROGRAM-DATE-TIME:${new Date(timeline.startOf(k)).toISOString()}`);
    }
    lines.push(`#EXTINF:${(segment.durationMs / 1000).toFixed(3)},`, segment.uri);
  }
  if (complete) lines.push("#EXT-X-ENDLIST");
  return `${lines.join("\n")}\n`;
}
