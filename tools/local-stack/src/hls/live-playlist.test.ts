/**
 * The live window over a looped encode, driven by a fake clock (the generator is pure: it takes
 * the instant, so time can be moved without waiting).
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_DVR_WINDOW_MS, renderLoopPlaylist } from "./live-playlist.ts";
import { parseVodPlaylist, type VodSegment } from "./vod-playlist.ts";

const loop: VodSegment[] = [0, 1, 2, 3].map((i) => ({ uri: `seg_00${i}.ts`, durationMs: 2_000 }));
const LOOP_MS = 8_000;
// A loop boundary: 1 000 loops after the epoch.
const boundary = 1_000 * LOOP_MS;

/** The live playlist with a DVR window of `windowSegments` segments (default: two hours). */
const live = (segments: VodSegment[], now: number, windowSegments?: number) =>
  renderLoopPlaylist(segments, now, {
    kind: "live",
    windowMs: windowSegments === undefined ? DEFAULT_DVR_WINDOW_MS : windowSegments * 2_000,
  });

interface Parsed {
  mediaSequence: number;
  discontinuitySequence: number;
  targetDuration: number;
  /** In order; `discontinuity` marks a tag before the segment. */
  segments: { uri: string; duration: number; discontinuity: boolean }[];
  endList: boolean;
}

function parse(playlist: string): Parsed {
  const tag = (name: string) =>
    Number(new RegExp(`^#${name}:(\\d+)$`, "m").exec(playlist)?.[1] ?? Number.NaN);
  const segments: Parsed["segments"] = [];
  let discontinuity = false;
  let duration = 0;
  for (const line of playlist.split("\n")) {
    if (line === "#EXT-X-DISCONTINUITY") discontinuity = true;
    else if (line.startsWith("#EXTINF:")) duration = Number.parseFloat(line.slice(8));
    else if (line !== "" && !line.startsWith("#")) {
      segments.push({ uri: line, duration, discontinuity });
      discontinuity = false;
    }
  }
  return {
    mediaSequence: tag("EXT-X-MEDIA-SEQUENCE"),
    discontinuitySequence: tag("EXT-X-DISCONTINUITY-SEQUENCE"),
    targetDuration: tag("EXT-X-TARGETDURATION"),
    segments,
    endList: playlist.includes("#EXT-X-ENDLIST"),
  };
}

describe("live playlist over a looped encode", () => {
  it("is a live playlist: a window of the newest segments, target duration, no ENDLIST", () => {
    const p = parse(live(loop, boundary + 500, 3));
    expect(p.endList).toBe(false);
    expect(p.targetDuration).toBe(2);
    expect(p.segments).toHaveLength(3);
    expect(p.segments.every((s) => s.duration === 2)).toBe(true);
  });

  it("advances its media sequence by one per segment duration as the clock moves", () => {
    let now = boundary + 100;
    const clock = () => now;
    const first = parse(live(loop, clock(), 3));
    now += 1_000;
    expect(parse(live(loop, clock(), 3)).mediaSequence).toBe(first.mediaSequence);
    now += 1_000;
    const next = parse(live(loop, clock(), 3));
    expect(next.mediaSequence).toBe(first.mediaSequence + 1);
    // The window slid by one: the old second segment is now first.
    expect(next.segments[0]?.uri).toBe(first.segments[1]?.uri);
    now += 60_000;
    expect(parse(live(loop, clock(), 3)).mediaSequence).toBe(first.mediaSequence + 31);
  });

  it("publishes a segment only once its slot has fully passed", () => {
    // 1.999 s into the loop, the first segment of this pass is not finished: the window ends before it.
    const before = parse(live(loop, boundary + 1_999, 2));
    expect(before.segments.map((s) => s.uri)).toEqual(["seg_002.ts", "seg_003.ts"]);
    const after = parse(live(loop, boundary + 2_000, 2));
    expect(after.segments.map((s) => s.uri)).toEqual(["seg_003.ts", "seg_000.ts"]);
  });

  it("loops over the encoded segments with a discontinuity at each loop point", () => {
    const p = parse(live(loop, boundary + 4_000, 6));
    expect(p.segments.map((s) => s.uri)).toEqual([
      "seg_000.ts",
      "seg_001.ts",
      "seg_002.ts",
      "seg_003.ts",
      "seg_000.ts",
      "seg_001.ts",
    ]);
    expect(p.segments.map((s) => s.discontinuity)).toEqual([true, false, false, false, true, false]);
  });

  it("counts the discontinuities that slid out of the window in EXT-X-DISCONTINUITY-SEQUENCE", () => {
    // Follow the stream segment by segment over several loops: every segment keeps one
    // discontinuity number (sequence + tags before it in the playlist) whichever playlist it is seen in.
    const numberOf = new Map<number, number>();
    for (let now = boundary; now < boundary + 5 * LOOP_MS; now += 500) {
      const p = parse(live(loop, now, 6));
      let cc = p.discontinuitySequence;
      p.segments.forEach((segment, i) => {
        if (segment.discontinuity) cc++;
        const msn = p.mediaSequence + i;
        const seen = numberOf.get(msn);
        if (seen !== undefined) expect(cc, `segment ${msn} at ${now}`).toBe(seen);
        numberOf.set(msn, cc);
      });
    }
    // And the number goes up by one per pass over the loop.
    const sequences = [...numberOf.keys()].sort((a, b) => a - b);
    const firstPassStart = sequences.find((msn) => msn % loop.length === 0) as number;
    expect(numberOf.get(firstPassStart + loop.length)).toBe((numberOf.get(firstPassStart) as number) + 1);
  });

  it("gives every rendition the same media sequence at the same instant", () => {
    const other = loop.map((s) => ({ ...s, uri: s.uri.replace("seg", "hi") }));
    const now = boundary + 12_345;
    expect(parse(live(other, now)).mediaSequence).toBe(parse(live(loop, now)).mediaSequence);
  });

  it("reads ffmpeg's VOD playlist into the loop it serves", () => {
    const vod =
      "#EXTM3U\n#EXT-X-VERSION:3\n#EXT-X-TARGETDURATION:2\n#EXT-X-MEDIA-SEQUENCE:0\n#EXT-X-PLAYLIST-TYPE:VOD\n#EXTINF:2.000000,\nseg_000.ts\n#EXTINF:1.960000,\nseg_001.ts\n#EXT-X-ENDLIST\n";
    expect(parseVodPlaylist(vod)).toEqual([
      { uri: "seg_000.ts", durationMs: 2_000 },
      { uri: "seg_001.ts", durationMs: 1_960 },
    ]);
  });
});

/** Wall-clock start of every segment, from the first PROGRAM-DATE-TIME and the durations. */
function airTimes(playlist: string): { uri: string; at: number }[] {
  const out: { uri: string; at: number }[] = [];
  let next = Number.NaN;
  let duration = 0;
  for (const line of playlist.split("\n")) {
    if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) {
      const stated = Date.parse(line.slice("#EXT-X-PROGRAM-DATE-TIME:".length));
      // A stated time must agree with the running count.
      if (!Number.isNaN(next)) expect(stated).toBe(next);
      next = stated;
    } else if (line.startsWith("#EXTINF:")) duration = Math.round(Number.parseFloat(line.slice(8)) * 1000);
    else if (line !== "" && !line.startsWith("#")) {
      out.push({ uri: line, at: next });
      next += duration;
    }
  }
  return out;
}

describe("live playlist: DVR window and wall clock", () => {
  it("carries a two-hour window by default, timed by the wall clock", () => {
    const now = Date.UTC(2026, 2, 29, 1, 30, 1); // the night Europe moves its clocks: UTC does not care
    const playlist = live(loop, now);
    const times = airTimes(playlist);
    expect(playlist).toContain("#EXT-X-PROGRAM-DATE-TIME:");
    expect(playlist).not.toContain("#EXT-X-PLAYLIST-TYPE");
    // 1 s into a 2 s slot: the last finished segment started 3 s ago.
    expect(times.at(-1)?.at).toBe(now - 3_000);
    expect(now - (times[0]?.at as number)).toBeGreaterThanOrEqual(DEFAULT_DVR_WINDOW_MS);
    expect(now - (times[0]?.at as number)).toBeLessThan(DEFAULT_DVR_WINDOW_MS + 2_000);
    expect(times).toHaveLength(DEFAULT_DVR_WINDOW_MS / 2_000);
  });
});

describe("time-shifted playlists over the loop", () => {
  const now = boundary + 100 * LOOP_MS + 500;

  it("restart: from the segment airing at start up to the live edge, as a growing EVENT playlist", () => {
    const start = now - 60_000 - 700;
    const playlist = renderLoopPlaylist(loop, now, { kind: "restart", startMs: start });
    expect(playlist).toContain("#EXT-X-PLAYLIST-TYPE:EVENT");
    expect(playlist).not.toContain("#EXT-X-ENDLIST");
    const times = airTimes(playlist);
    expect(times[0]?.at).toBeLessThanOrEqual(start);
    expect((times[0]?.at as number) + 2_000).toBeGreaterThan(start);
    expect(times.at(-1)?.at).toBe(now - 500 - 2_000);
    const later = airTimes(renderLoopPlaylist(loop, now + 4_000, { kind: "restart", startMs: start }));
    expect(later[0]).toEqual(times[0]);
    expect(later).toHaveLength(times.length + 2);
  });

  it("catch-up: exactly the segments covering [start, end), closed with ENDLIST", () => {
    const slot = now - 500 - 3_600_000; // a segment boundary an hour ago
    const start = slot + 1_000; // mid-segment
    const end = slot + 9_000; // mid-segment too
    const playlist = renderLoopPlaylist(loop, now, { kind: "catch-up", startMs: start, endMs: end });
    expect(playlist).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
    expect(playlist.trimEnd().endsWith("#EXT-X-ENDLIST")).toBe(true);
    const times = airTimes(playlist);
    expect(times.map((t) => t.at)).toEqual([0, 1, 2, 3, 4].map((i) => slot + i * 2_000));
    expect(parse(playlist).mediaSequence).toBe(slot / 2_000);
  });

  it("catch-up of a window that ends on a segment boundary does not take the next segment", () => {
    const slot = now - 500 - 20_000;
    const times = airTimes(
      renderLoopPlaylist(loop, now, { kind: "catch-up", startMs: slot + 1_500, endMs: slot + 6_000 }),
    );
    expect(times.map((t) => t.at)).toEqual([slot, slot + 2_000, slot + 4_000]);
  });

  it("catch-up whose end has not aired yet grows like an EVENT, and ends once it has", () => {
    const start = now - 3_000;
    const end = now + 3_000;
    const early = renderLoopPlaylist(loop, now, { kind: "catch-up", startMs: start, endMs: end });
    expect(early).toContain("#EXT-X-PLAYLIST-TYPE:EVENT");
    expect(early).not.toContain("#EXT-X-ENDLIST");
    const done = renderLoopPlaylist(loop, end + 2_000, { kind: "catch-up", startMs: start, endMs: end });
    expect(done).toContain("#EXT-X-ENDLIST");
    expect(airTimes(done).at(-1)?.at).toBeLessThan(end);
  });

  it("keeps segment numbers and discontinuity numbers of the live stream", () => {
    const shifted = parse(renderLoopPlaylist(loop, now, { kind: "restart", startMs: now - 30_000 }));
    const liveNow = parse(live(loop, now, 20));
    const numbered = (p: Parsed) => {
      let cc = p.discontinuitySequence;
      return p.segments.map((segment, i) => {
        if (segment.discontinuity) cc++;
        return { msn: p.mediaSequence + i, uri: segment.uri, cc };
      });
    };
    const offset = shifted.mediaSequence - liveNow.mediaSequence;
    expect(offset).toBeGreaterThan(0);
    expect(numbered(shifted)).toEqual(numbered(liveNow).slice(offset));
  });
});
