/**
 * What a sign-in is called in the device list when the client names none: the browser and
 * system its User-Agent mentions ("Firefox on Android"), else the start of the User-Agent itself,
 * made printable and cut to the length a device name may have.
 */
import { DEVICE_NAME_MAX, DeviceName } from "@seeyoo/schema/wire";
import * as v from "valibot";

export const UNKNOWN_DEVICE = "Unknown device";

// Order matters: Edge and Opera say "Chrome" too, Chrome says "Safari".
const BROWSERS: [RegExp, string][] = [
  [/\bEdg(?:e|A|iOS)?\//, "Edge"],
  [/\bOPR\/|\bOpera\b/, "Opera"],
  [/\bSamsungBrowser\//, "Samsung Internet"],
  [/\bFirefox\/|\bFxiOS\//, "Firefox"],
  [/\b(?:Headless)?Chrome\/|\bCriOS\//, "Chrome"],
  [/\bVersion\/[\d.]+.*\bSafari\//, "Safari"],
];
const SYSTEMS: [RegExp, string][] = [
  [/\biPhone\b/, "iPhone"],
  [/\biPad\b/, "iPad"],
  [/\bAndroid\b/, "Android"],
  [/\bWindows\b/, "Windows"],
  [/\bCrOS\b/, "ChromeOS"],
  [/\bMac OS X\b|\bMacintosh\b/, "macOS"],
  [/\bLinux\b/, "Linux"],
];

const firstMatch = (text: string, table: [RegExp, string][]) =>
  table.find(([pattern]) => pattern.test(text))?.[1];

export function deviceNameFromUserAgent(userAgent: string | undefined): string {
  const ua = userAgent ?? "";
  const browser = firstMatch(ua, BROWSERS);
  const system = firstMatch(ua, SYSTEMS);
  if (browser && system) return `${browser} on ${system}`;
  if (browser || system) return (browser ?? system) as string;
  // Anything that is not printable goes; what is left must pass as a device name.
  const printable = ua
    .replace(/[^\x20-\x7E\u00A0-\u00FF]/g, "")
    .trim()
    .slice(0, DEVICE_NAME_MAX)
    .trim();
  return v.is(DeviceName, printable) ? printable : UNKNOWN_DEVICE;
}
