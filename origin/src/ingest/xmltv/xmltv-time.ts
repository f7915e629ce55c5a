/**
 * Parses XMLTV timestamps as the DTD writes them: `YYYYMMDDhhmmss` or an initial substring of it
 * (`YYYY`, `YYYYMM`, …; missing fields are the first month, day, hour…), then optionally — with
 * or without a space — a `±hhmm` offset or a zone name (`200007281733 BST`); no zone means UTC.
 * Anything else, an impossible date or time (31 February, hour 24), or an instant outside the
 * supported years is refused with the reason, never normalised.
 */
import { civilTimeToInstant } from "@seeyoo/schema/wire";
import { XMLTV_ZONE_OFFSETS } from "./xmltv-zone-names.ts";

/** The instant, or why `value` is not one. */
export function parseXmltvTime(value: string): Date | string {
  let i = 0;
  let end = value.length;
  while (i < end && value.charCodeAt(i) === 32) i++;
  while (end > i && value.charCodeAt(end - 1) === 32) end--;
  if (i === end) return "it is empty";
  let digitsEnd = i;
  while (digitsEnd < end && isDigit(value.charCodeAt(digitsEnd))) digitsEnd++;
  const precision = digitsEnd - i;
  if (precision < 4 || precision > 14 || precision % 2 !== 0) {
    return `expected YYYY[MM[DD[hh[mm[ss]]]]], found ${precision} digits`;
  }

  let j = digitsEnd;
  while (j < end && value.charCodeAt(j) === 32) j++;
  const offsetMinutes = j < end ? zoneOffset(value.slice(j, end)) : 0;
  if (typeof offsetMinutes === "string") return offsetMinutes;

  const instant = civilTimeToInstant(
    {
      year: digitsAt(value, i, 4),
      month: precision >= 6 ? digitsAt(value, i + 4, 2) : 1,
      day: precision >= 8 ? digitsAt(value, i + 6, 2) : 1,
      hour: precision >= 10 ? digitsAt(value, i + 8, 2) : 0,
      minute: precision >= 12 ? digitsAt(value, i + 10, 2) : 0,
      second: precision === 14 ? digitsAt(value, i + 12, 2) : 0,
    },
    offsetMinutes,
  );
  return typeof instant === "string" ? instant : new Date(instant);
}

/** Minutes east of UTC for a `±hhmm` offset or a known zone name, or why it is neither. */
function zoneOffset(zone: string): number | string {
  const sign = zone.charCodeAt(0);
  if (sign === 43 /* + */ || sign === 45 /* - */) {
    if (!/^[+-]\d{4}$/.test(zone)) return `offset ${JSON.stringify(zone)} is not ±hhmm`;
    const hours = digitsAt(zone, 1, 2);
    const minutes = digitsAt(zone, 3, 2);
    if (hours > 14 || minutes > 59) return `offset ${zone} does not exist`;
    return (sign === 45 ? -1 : 1) * (hours * 60 + minutes);
  }
  const named = XMLTV_ZONE_OFFSETS.get(zone.toUpperCase());
  return named ?? `unknown time zone ${JSON.stringify(zone)}`;
}

function isDigit(code: number): boolean {
  return code >= 48 && code <= 57;
}

function digitsAt(value: string, at: number, count: number): number {
  let n = 0;
  for (let k = at; k < at + count; k++) n = n * 10 + value.charCodeAt(k) - 48;
  return n;
}
