/**
 * The ffmpeg command line for one test channel: one synthetic source (pattern + beeping tone),
 * the channel's name and a running clock burnt in, split into every rendition, each written as
 * a VOD HLS playlist (`<rendition>/vod.m3u8` + `seg_NNN.ts`). One process encodes all renditions
 * from the same frames, so their segments line up exactly.
 */
import { join } from "node:path";
import type { ChannelLook } from "./channel-looks.ts";
import type { EncodingProfile } from "./encoding-profile.ts";

export const VOD_PLAYLIST = "vod.m3u8";

export interface LabelOptions {
  /** A file holding the channel's name (avoids filtergraph escaping of arbitrary text), or null for no labels. */
  textFile: string | null;
  fontFile: string | null;
}

/** Wraps a filter option value in quotes; values holding a quote are not supported (callers avoid them). */
function quoted(value: string): string {
  if (value.includes("'")) throw new Error(`cannot quote ${value} for an ffmpeg filtergraph`);
  return `'${value}'`;
}

function labels(height: number, label: LabelOptions): string[] {
  if (label.textFile === null) return [];
  const font = label.fontFile ? `fontfile=${quoted(label.fontFile)}:` : "";
  const box = "fontcolor=white:box=1:boxcolor=black@0.6";
  const big = Math.round(height / 13);
  const small = Math.round(height / 20);
  return [
    `drawtext=${font}textfile=${quoted(label.textFile)}:fontsize=${big}:${box}:boxborderw=${Math.round(big / 4)}:x=(w-tw)/2:y=h*0.1`,
    `drawtext=${font}text='%{pts\\:hms}':fontsize=${small}:${box}:boxborderw=${Math.round(small / 4)}:x=(w-tw)/2:y=h*0.82`,
  ];
}

export function ffmpegArgs(options: {
  look: ChannelLook;
  profile: EncodingProfile;
  outDir: string;
  label: LabelOptions;
}): string[] {
  const { look, profile, outDir } = options;
  const top = profile.renditions.reduce((a, b) => (b.width * b.height > a.width * a.height ? b : a));
  const seconds = profile.loopSeconds;
  const gop = profile.fps * profile.segmentSeconds;
  const chain = [
    ...labels(top.height, options.label),
    "format=yuv420p",
    `split=${profile.renditions.length}`,
  ];
  const splits = profile.renditions.map((_, i) => `[s${i}]`).join("");
  const scales = profile.renditions.map((r, i) => `[s${i}]scale=${r.width}:${r.height}[o${i}]`);
  const outputs = profile.renditions.flatMap((r, i) => [
    "-map",
    `[o${i}]`,
    "-map",
    "1:a",
    "-c:v",
    "libx264",
    "-preset",
    "veryfast",
    "-profile:v",
    r.profile,
    "-level:v",
    r.level,
    "-b:v",
    `${r.videoKbps}k`,
    "-maxrate",
    `${Math.round(r.videoKbps * 1.1)}k`,
    "-bufsize",
    `${r.videoKbps * 2}k`,
    // A keyframe exactly at every segment boundary and nowhere else.
    "-g",
    String(gop),
    "-keyint_min",
    String(gop),
    "-sc_threshold",
    "0",
    "-c:a",
    "aac",
    "-b:a",
    `${r.audioKbps}k`,
    "-ac",
    "2",
    "-ar",
    "48000",
    "-f",
    "hls",
    "-hls_time",
    String(profile.segmentSeconds),
    "-hls_playlist_type",
    "vod",
    "-hls_segment_type",
    "mpegts",
    "-hls_segment_filename",
    join(outDir, r.name, "seg_%03d.ts"),
    join(outDir, r.name, VOD_PLAYLIST),
  ]);
  return [
    "-hide_banner",
    "-nostdin",
    "-y",
    "-loglevel",
    "error",
    "-nostats",
    "-progress",
    "pipe:1",
    "-f",
    "lavfi",
    "-i",
    `${look.video(top.width, top.height, profile.fps)},trim=duration=${seconds}`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=${look.toneHz}:sample_rate=48000:beep_factor=4:duration=${seconds}`,
    "-filter_complex",
    `[0:v]${chain.join(",")}${splits};${scales.join(";")}`,
    ...outputs,
  ];
}
