/**
 * What the local ffmpeg can do, asked once at start: is it installed, does it have libx264 and
 * the drawtext filter (needs libfreetype), and which font file fontconfig picks for labels.
 */
import { spawnSync } from "node:child_process";

export interface FfmpegTools {
  ffmpeg: string;
  /** False when the build lacks drawtext: channels are then encoded without burnt-in labels. */
  drawtext: boolean;
  /** A font for drawtext, or null to let ffmpeg's fontconfig pick its default. */
  fontFile: string | null;
}

export type FfmpegProbe = { ok: true; tools: FfmpegTools } | { ok: false; problem: string };

function run(cmd: string, args: string[]): string | null {
  const result = spawnSync(cmd, args, { encoding: "utf8", timeout: 10_000 });
  return result.error || result.status !== 0 ? null : result.stdout;
}

export function probeFfmpeg(ffmpeg = process.env.FFMPEG ?? "ffmpeg"): FfmpegProbe {
  const encoders = run(ffmpeg, ["-hide_banner", "-encoders"]);
  if (encoders === null) {
    return { ok: false, problem: `${ffmpeg} not found (install it: apt-get install -y ffmpeg)` };
  }
  if (!/\blibx264\b/.test(encoders)) {
    return { ok: false, problem: `${ffmpeg} has no libx264 encoder (Debian's ffmpeg package has it)` };
  }
  const filters = run(ffmpeg, ["-hide_banner", "-filters"]) ?? "";
  const fontFile = run("fc-match", ["-f", "%{file}", "DejaVu Sans:bold"])?.trim() || null;
  return { ok: true, tools: { ffmpeg, drawtext: /\bdrawtext\b/.test(filters), fontFile } };
}
