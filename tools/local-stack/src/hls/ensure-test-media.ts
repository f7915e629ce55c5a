/**
 * Makes sure every test channel has its encoded loop under `<mediaDir><hlsPath>/`, encoding only
 * what is missing or was made with other parameters. Channels are encoded one after another (a
 * small machine has two cores). Without a usable ffmpeg this reports why and encodes nothing:
 * the rest of the stack runs, the CDN just has no media to serve.
 */
import { join } from "node:path";
import { channelLook } from "./channel-looks.ts";
import { type EncodeRequest, encodeTestChannel, isEncodeComplete } from "./encode-test-channel.ts";
import { DEV_PROFILE, type EncodingProfile } from "./encoding-profile.ts";
import { type FfmpegProbe, probeFfmpeg } from "./ffmpeg-tools.ts";

export interface TestChannel {
  name: string;
  /** The channel's folder on the CDN, e.g. `/live/seeyoo-one`. */
  hlsPath: string;
}

export interface EnsureTestMediaOptions {
  mediaDir: string;
  channels: readonly TestChannel[];
  profile?: EncodingProfile;
  log?: (message: string) => void;
  signal?: AbortSignal;
  probe?: FfmpegProbe;
}

export type TestMediaResult =
  | { available: false; problem: string }
  | { available: true; encoded: string[]; cached: string[] };

const SAFE_HLS_PATH = /^(\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+$/;

export async function ensureTestMedia(options: EnsureTestMediaOptions): Promise<TestMediaResult> {
  const log = options.log ?? (() => {});
  const probe = options.probe ?? probeFfmpeg();
  if (!probe.ok) return { available: false, problem: probe.problem };
  const { tools } = probe;
  if (!tools.drawtext) log("this ffmpeg has no drawtext filter (libfreetype): channels get no name labels");
  const profile = options.profile ?? DEV_PROFILE;
  const encoded: string[] = [];
  const cached: string[] = [];
  for (const [position, channel] of options.channels.entries()) {
    if (!SAFE_HLS_PATH.test(channel.hlsPath)) {
      log(
        `skipping ${channel.name}: its hlsPath ${JSON.stringify(channel.hlsPath)} is not a plain folder path`,
      );
      continue;
    }
    const request: EncodeRequest = {
      name: channel.name,
      dir: join(options.mediaDir, channel.hlsPath),
      look: channelLook(position),
      profile,
      tools,
      log,
      signal: options.signal,
    };
    if (isEncodeComplete(request)) {
      cached.push(channel.name);
      continue;
    }
    const started = Date.now();
    log(
      `encoding ${channel.name} once (${profile.loopSeconds} s loop, ${profile.renditions.map((r) => r.name).join(" + ")}) into ${request.dir}`,
    );
    await encodeTestChannel(request);
    log(`encoded ${channel.name} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    encoded.push(channel.name);
  }
  return { available: true, encoded, cached };
}
