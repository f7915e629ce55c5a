/**
 * What the browser tests need from the machine: Debian's Chromium (apt `chromium`) and ffmpeg
 * (apt `ffmpeg`, for the HLS test channels). Under CI=true a missing one is a failure, never a
 * skip; elsewhere the tests that need it are skipped with the reason.
 */
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export interface Requirements {
  chromium: boolean;
  ffmpeg: boolean;
}

export function checkRequirements(): Requirements {
  const ffmpeg = spawnSync(process.env.FFMPEG ?? "ffmpeg", ["-version"], { stdio: "ignore" }).status === 0;
  const found = { chromium: existsSync(CHROMIUM), ffmpeg };
  if (process.env.CI === "true") {
    const missing = [
      ...(found.chromium ? [] : [`chromium (${CHROMIUM}; apt-get install chromium)`]),
      ...(found.ffmpeg ? [] : ["ffmpeg (apt-get install ffmpeg)"]),
    ];
    if (missing.length) throw new Error(`The e2e tests need ${missing.join(" and ")}; CI must install them`);
  }
  return found;
}
