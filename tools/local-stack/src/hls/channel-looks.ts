/**
 * How each test channel looks and sounds, so they are told apart at a glance and by ear: a
 * different lavfi pattern and a different beeping tone per channel (by position in the line-up).
 */

export interface ChannelLook {
  /** A lavfi video source of the given size and rate (may scale internally). */
  video(width: number, height: number, fps: number): string;
  toneHz: number;
}

const LOOKS: readonly ChannelLook[] = [
  { video: (w, h, fps) => `testsrc2=size=${w}x${h}:rate=${fps}`, toneHz: 440 },
  { video: (w, h, fps) => `smptehdbars=size=${w}x${h}:rate=${fps}`, toneHz: 660 },
  // The fractal is costly per pixel: render it at half size and few iterations, then scale up.
  {
    video: (w, h, fps) =>
      `mandelbrot=size=${even(w / 2)}x${even(h / 2)}:rate=${fps}:maxiter=300,scale=${w}:${h}`,
    toneHz: 880,
  },
];

function even(value: number): number {
  return Math.max(2, Math.round(value / 2) * 2);
}

/** Past the last look the patterns repeat, but the tone keeps moving so no two channels match. */
export function channelLook(position: number): ChannelLook {
  const look = LOOKS[position % LOOKS.length] as ChannelLook;
  return { video: look.video, toneHz: look.toneHz + 55 * Math.floor(position / LOOKS.length) };
}
