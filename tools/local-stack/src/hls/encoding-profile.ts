/**
 * What the test channels are encoded as: a short loop cut into fixed-length segments, one
 * H.264 + AAC rendition per rung. Keyframes fall exactly on segment boundaries (GOP = segment
 * length), so every rendition has the same segment timeline and a player can switch between them.
 */

export interface Rendition {
  /** Folder name under the channel, e.g. `360p`. */
  name: string;
  width: number;
  height: number;
  videoKbps: number;
  audioKbps: number;
  /** x264 profile and level, and the matching RFC 6381 codec string for the master playlist. */
  profile: "main" | "high";
  level: "3.0" | "3.1";
  codecs: string;
}

export interface EncodingProfile {
  loopSeconds: number;
  segmentSeconds: number;
  fps: number;
  renditions: readonly Rendition[];
}

const AAC_LC = "mp4a.40.2";

/** `npm start`: a 24 s loop, 12 segments of 2 s, 360p and 720p. */
export const DEV_PROFILE: EncodingProfile = {
  loopSeconds: 24,
  segmentSeconds: 2,
  fps: 25,
  renditions: [
    {
      name: "360p",
      width: 640,
      height: 360,
      videoKbps: 800,
      audioKbps: 96,
      profile: "main",
      level: "3.0",
      codecs: `avc1.4d401e,${AAC_LC}`,
    },
    {
      name: "720p",
      width: 1280,
      height: 720,
      videoKbps: 2500,
      audioKbps: 128,
      profile: "high",
      level: "3.1",
      codecs: `avc1.64001f,${AAC_LC}`,
    },
  ],
};
