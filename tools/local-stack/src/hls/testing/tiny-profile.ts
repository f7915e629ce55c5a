/**
 * Test support: an encode small enough for tests (4 s, 160x90 and 320x180), and whether tests
 * needing real media run. Without ffmpeg they are skipped on a developer machine, but never
 * under CI=true, where ffmpeg is required and its absence must fail the run.
 */
import type { EncodingProfile } from "../encoding-profile.ts";
import { probeFfmpeg } from "../ffmpeg-tools.ts";

export const TINY_PROFILE: EncodingProfile = {
  loopSeconds: 4,
  segmentSeconds: 2,
  fps: 10,
  renditions: [
    {
      name: "90p",
      width: 160,
      height: 90,
      videoKbps: 100,
      audioKbps: 32,
      profile: "main",
      level: "3.0",
      codecs: "avc1.4d401e,mp4a.40.2",
    },
    {
      name: "180p",
      width: 320,
      height: 180,
      videoKbps: 200,
      audioKbps: 48,
      profile: "high",
      level: "3.1",
      codecs: "avc1.64001f,mp4a.40.2",
    },
  ],
};

const probe = probeFfmpeg();
export const skipWithoutFfmpeg = !probe.ok && process.env.CI !== "true";
