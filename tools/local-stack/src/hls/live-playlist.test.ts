/**
 * The live window over a looped encode, driven by a fake clock (the generator is pure: it takes
 * the instant, so time can be moved without waiting).
 */
import { describe, expect, it } from "vitest";
import { renderLivePlaylist } from "./live-playlist.ts";
import { parseVodPlaylist, type VodSegment } from "./vod-playlist.ts";

const loop: VodSegment[] = [0, 1, 2, 3].map((i) => ({ uri: `seg_00${i}.ts`, durationMs: 2_000 }));
const LOOP_MS = 8_000;
// A loop boundary: 1 000 loops after the epoch.
const boundary = 1_000 * LOOP_MS;

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
    const p = parse(renderLivePlaylist(loop, boundary + 500, { windowSize: 3 }));
    expect(p.endList).toBe(false);
    expect(p.targetDuration).toBe(2);
    expect(p.segments).toHaveLength(3);
    expect(p.segments.every((s) => s.duration === 2)).toBe(true);
  });

  it("advances its media sequence by one per segment duration as the clock moves", () => {
    let now = boundary + 100;
    const clock = () => now;
    const first = parse(renderLivePlaylist(loop, clock(), { windowSize: 3 }));
    now += 1_000;
    expect(parse(renderLivePlaylist(loop, clock(), { windowSize: 3 })).mediaSequence).toBe(
      first.mediaSequence,
    );
    now += 1_000;
    const next = parse(renderLivePlaylist(loop, clock(), { windowSize: 3 }));
    expect(next.mediaSequence).toBe(first.mediaSequence + 1);
    // The window slid by one: the old second segment is now first.
    expect(next.segments[0]?.uri).toBe(first.segments[1]?.uri);
    now += 60_000;
    expect(parse(renderLivePlaylist(loop, clock(), { windowSize: 3 })).mediaSequence).toBe(
      first.mediaSequence + 31,
    );
  });

  it("publishes a segment only once its slot has fully passed", () => {
    // 1.999 s into the loop, the first segment of this pass is not finished: the window ends before it.
    const before = parse(renderLivePlaylist(loop, boundary + 1_999, { windowSize: 2 }));
    expect(before.segments.map((s) => s.uri)).toEqual(["seg_002.ts", "seg_003.ts"]);
    const after = parse(renderLivePlaylist(loop, boundary + 2_000, { windowSize: 2 }));
    expect(after.segments.map((s) => s.uri)).toEqual(["seg_003.ts", "seg_000.ts"]);
  });

  it("loops over the encoded segments with a discontinuity at each loop point", () => {
    const p = parse(renderLivePlaylist(loop, boundary + 4_000, { windowSize: 6 }));
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
      const p = parse(renderLivePlaylist(loop, now, { windowSize: 6 }));
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
    expect(parse(renderLivePlaylist(other, now)).mediaSequence).toBe(
      parse(renderLivePlaylist(loop, now)).mediaSequence,
    );
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
