/**
 * Defaults and bounds of the EPG windows the routes accept. Given instants were checked against
 * the guide's range by the query schema (GuideInstant); a computed end (from + default length, or
 * to − default length) is kept inside that range too, so every window lies within it.
 */
import { checkWindow, guideRange, instantOf } from "@seeyoo/schema/wire";

const HOUR = 3_600_000;

export function resolveWindow(
  query: { from?: string | undefined; to?: string | undefined },
  defaults: { anchor: (now: Date) => Date; hours: number },
  maxHours: number,
): { from: Date; to: Date } {
  const now = Date.now();
  const range = guideRange(now);
  let from = query.from ? instantOf(query.from).getTime() : null;
  let to = query.to ? instantOf(query.to).getTime() : null;
  if (from === null && to === null) from = defaults.anchor(new Date(now)).getTime();
  if (from !== null && to === null) to = Math.min(from + defaults.hours * HOUR, range.to);
  if (from === null && to !== null) from = Math.max(to - defaults.hours * HOUR, range.from);
  const window = { from: new Date(from as number), to: new Date(to as number) };
  checkWindow(window.from, window.to, maxHours);
  return window;
}

export const startOfUtcDay = (d: Date) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
export const startOfUtcHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);
