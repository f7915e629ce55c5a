/**
 * Instants on the wire: ISO 8601 with a date, hours and minutes, optional seconds and fraction,
 * and an explicit offset — `Z` or `±hh:mm`. Read field by field and checked against the calendar
 * (calendar-date.ts), never handed to `Date.parse` unchecked: `Date` rejects `+01` (an offset
 * without minutes) after valibot's `isoTimestamp` accepted it, and silently turns 31 February
 * into 3 March. Every input schema takes times through here, so no unparseable or impossible
 * time reaches `Date` or Postgres.
 */
import * as v from "valibot";
import { civilTimeToInstant } from "./calendar-date.ts";

const ISO_INSTANT =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(?:(Z)|([+-])(\d{2}):(\d{2}))$/;

/** Milliseconds since the epoch of an ISO 8601 instant, or why it is none. */
export function parseIsoInstant(text: string): number | string {
  const m = ISO_INSTANT.exec(text);
  if (!m) return "must be an ISO 8601 instant with an offset, such as 2026-03-10T18:00:00Z";
  const [, y, mo, d, h, mi, s, fraction, , sign, oh, om] = m;
  const offsetHours = Number(oh ?? 0);
  const offsetMinutes = Number(om ?? 0);
  if (offsetHours > 23 || offsetMinutes > 59) return `offset ${sign}${oh}:${om} does not exist`;
  const ms = civilTimeToInstant(
    {
      year: Number(y),
      month: Number(mo),
      day: Number(d),
      hour: Number(h),
      minute: Number(mi),
      second: Number(s ?? 0),
    },
    (sign === "-" ? -1 : 1) * (offsetHours * 60 + offsetMinutes),
  );
  if (typeof ms === "string") return ms;
  return ms + Math.floor(Number(`0.${fraction ?? "0"}`) * 1000);
}

/** The instant of a string that already passed `IsoInstant`. */
export function instantOf(text: string): Date {
  const ms = parseIsoInstant(text);
  if (typeof ms === "string") throw new RangeError(`not an instant: ${ms}`);
  return new Date(ms);
}

export const IsoInstant = v.pipe(
  v.string("must be a string"),
  v.check(
    (text) => typeof parseIsoInstant(text) === "number",
    (issue) => {
      const reason = typeof issue.input === "string" ? parseIsoInstant(issue.input) : null;
      return typeof reason === "string" ? reason : "must be an ISO 8601 instant";
    },
  ),
);
