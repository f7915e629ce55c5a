/**
 * Strict calendar checks for dates and times read from text, shared by every reader of instants
 * (XMLTV ingest today; JSON ingest and query strings can use the same). `Date.UTC` silently rolls
 * 31 February over to 3 March and maps years 0–99 to 1900–1999, so fields are checked here first
 * and never normalised.
 *
 * The supported range is 1970-01-01T00:00:00Z … 9999-12-31T23:59:59Z: an EPG has no programmes
 * before the Unix epoch, and four-digit years keep every instant printable as plain ISO 8601 (JS
 * writes year 10000 as `+010000`); Postgres `timestamptz` and JS `Date` both hold the whole range.
 */

export const MIN_YEAR = 1970;
export const MAX_YEAR = 9999;
const MIN_INSTANT_MS = Date.UTC(MIN_YEAR, 0, 1);
const MAX_INSTANT_MS = Date.UTC(MAX_YEAR, 11, 31, 23, 59, 59, 999);

export interface CivilTime {
  year: number;
  /** 1–12 */
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

export function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Why `t` is not a real date and time within the supported years, or null when it is. */
export function civilTimeFault(t: CivilTime): string | null {
  if (t.year < MIN_YEAR || t.year > MAX_YEAR) return `year ${t.year} is outside ${MIN_YEAR}–${MAX_YEAR}`;
  if (t.month < 1 || t.month > 12) return `month ${t.month} does not exist`;
  if (t.day < 1 || t.day > daysInMonth(t.year, t.month)) {
    return `day ${t.day} does not exist in ${t.year}-${String(t.month).padStart(2, "0")}`;
  }
  if (t.hour > 23) return `hour ${t.hour} does not exist`;
  if (t.minute > 59) return `minute ${t.minute} does not exist`;
  if (t.second > 59) return `second ${t.second} does not exist`;
  return null;
}

/** Whether an instant (ms since the epoch) lies in the supported range. */
export function isInstantInRange(ms: number): boolean {
  return ms >= MIN_INSTANT_MS && ms <= MAX_INSTANT_MS;
}

/**
 * The instant of `t` read at `offsetMinutes` east of UTC, or a reason it is none: an impossible
 * field, or an instant that the offset moves out of the supported range.
 */
export function civilTimeToInstant(t: CivilTime, offsetMinutes: number): number | string {
  const fault = civilTimeFault(t);
  if (fault !== null) return fault;
  // Date.UTC is safe here: the year is four digits, every field is in range.
  const ms = Date.UTC(t.year, t.month - 1, t.day, t.hour, t.minute, t.second) - offsetMinutes * 60_000;
  if (!isInstantInRange(ms)) return `the instant is outside ${MIN_YEAR}–${MAX_YEAR} (UTC)`;
  return ms;
}
