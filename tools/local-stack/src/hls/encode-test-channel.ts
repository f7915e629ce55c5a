/**
 * Encodes one test channel's loop into `<mediaDir><hlsPath>/`: every rendition as VOD segments,
 * the master playlist, and last a `stream.json` marker holding a fingerprint of the whole ffmpeg
 * command. Work happens in a `.partial` folder that replaces the channel folder only when
 * complete, so an interrupted encode never looks finished and the next start simply redoes it.
 */
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { mkdir, readFile, rm, stat, writeFile } from "node:fs/promises";
import { join } from "node:path";
import readline from "node:readline";
import type { ChannelLook } from "./channel-looks.ts";
import type { EncodingProfile } from "./encoding-profile.ts";
import { ffmpegArgs, VOD_PLAYLIST } from "./ffmpeg-args.ts";
import type { FfmpegTools } from "./ffmpeg-tools.ts";
import { MASTER_PLAYLIST, type MeasuredRendition, renderMasterPlaylist } from "./master-playlist.ts";
import { parseVodPlaylist } from "./vod-playlist.ts";

/** Bump when the output changes in a way the ffmpeg command line does not show. */
const ENCODER_VERSION = 1;
export const STREAM_MARKER = "stream.json";
const LABEL_FILE = "label.txt";

export interface EncodeRequest {
  name: string;
  dir: string;
  look: ChannelLook;
  profile: EncodingProfile;
  tools: FfmpegTools;
  log: (message: string) => void;
  signal?: AbortSignal;
}

function argsFor(request: EncodeRequest, outDir: string): string[] {
  const { tools } = request;
  return ffmpegArgs({
    look: request.look,
    profile: request.profile,
    outDir,
    label: { textFile: tools.drawtext ? join(outDir, LABEL_FILE) : null, fontFile: tools.fontFile },
  });
}

/** Identifies the output: the command line (with a neutral folder) plus the burnt-in name. */
export function encodingFingerprint(request: EncodeRequest): string {
  const neutral = argsFor(request, "<out>");
  return createHash("sha256")
    .update(JSON.stringify({ version: ENCODER_VERSION, name: request.name, args: neutral }))
    .digest("hex");
}

/** True when the folder holds a finished encode of exactly this request. */
export function isEncodeComplete(request: EncodeRequest): boolean {
  const marker = join(request.dir, STREAM_MARKER);
  if (!existsSync(marker) || !existsSync(join(request.dir, MASTER_PLAYLIST))) return false;
  try {
    const { fingerprint } = JSON.parse(readFileSync(marker, "utf8")) as { fingerprint?: string };
    if (fingerprint !== encodingFingerprint(request)) return false;
    return request.profile.renditions.every((r) => {
      const segments = parseVodPlaylist(readFileSync(join(request.dir, r.name, VOD_PLAYLIST), "utf8"));
      return (
        segments.length > 0 && segments.every((s) => statSync(join(request.dir, r.name, s.uri)).size > 0)
      );
    });
  } catch {
    return false;
  }
}

function runFfmpeg(request: EncodeRequest, args: string[]): Promise<void> {
  const totalUs = request.profile.loopSeconds * 1_000_000;
  return new Promise((resolve, reject) => {
    // Detached: a terminal's Ctrl-C goes to `npm start`, which stops ffmpeg through the signal.
    const child = spawn(request.tools.ffmpeg, args, {
      stdio: ["ignore", "pipe", "pipe"],
      signal: request.signal,
      detached: true,
    });
    let nextReport = 25;
    readline.createInterface({ input: child.stdout }).on("line", (line) => {
      const match = /^out_time_us=(\d+)/.exec(line);
      if (!match) return;
      const percent = Math.floor((Number(match[1]) / totalUs) * 100);
      if (percent >= nextReport && percent < 100) {
        request.log(`encoding ${request.name}: ${nextReport}%`);
        nextReport += 25;
      }
    });
    let errors = "";
    child.stderr.on("data", (chunk: Buffer) => {
      errors = (errors + chunk.toString("utf8")).slice(-2_000);
    });
    child.once("error", reject);
    child.once("close", (code, signal) => {
      if (code === 0) resolve();
      else
        reject(
          new Error(`ffmpeg failed for ${request.name} (${signal ?? `exit ${code}`}): ${errors.trim()}`),
        );
    });
  });
}

async function measure(dir: string, profile: EncodingProfile): Promise<MeasuredRendition[]> {
  return Promise.all(
    profile.renditions.map(async (rendition) => {
      const vod = parseVodPlaylist(await readFile(join(dir, rendition.name, VOD_PLAYLIST), "utf8"));
      if (vod.length === 0) throw new Error(`ffmpeg wrote no segments for ${rendition.name}`);
      const segments = await Promise.all(
        vod.map(async (s) => ({
          bytes: (await stat(join(dir, rendition.name, s.uri))).size,
          durationMs: s.durationMs,
        })),
      );
      return { rendition, segments };
    }),
  );
}

export async function encodeTestChannel(request: EncodeRequest): Promise<void> {
  const partial = `${request.dir}.partial`;
  await rm(partial, { recursive: true, force: true });
  for (const r of request.profile.renditions) await mkdir(join(partial, r.name), { recursive: true });
  if (request.tools.drawtext) await writeFile(join(partial, LABEL_FILE), request.name);
  try {
    await runFfmpeg(request, argsFor(request, partial));
    const measured = await measure(partial, request.profile);
    await writeFile(join(partial, MASTER_PLAYLIST), renderMasterPlaylist(request.profile, measured));
    await rm(join(partial, LABEL_FILE), { force: true });
    await writeFile(
      join(partial, STREAM_MARKER),
      `${JSON.stringify(
        {
          fingerprint: encodingFingerprint(request),
          name: request.name,
          renditions: measured.map((m) => ({ name: m.rendition.name, segments: m.segments.length })),
        },
        null,
        2,
      )}\n`,
    );
    rmSync(request.dir, { recursive: true, force: true });
    renameSync(partial, request.dir);
  } catch (error) {
    await rm(partial, { recursive: true, force: true });
    throw error;
  }
}
