/** Defaults and bounds of the EPG windows the routes accept. */
import { checkWindow, instantOf } from "@seeyoo/schema/wire";

const HOUR = 3_600_000;

export function resolveWindow(
  query: { from?: string | undefined; to?: string | undefined },
  defaults: { anchor: (now: Date) => Date; hours: number },
  maxHours: number,
): { from: Date; to: Date } {
  let from = query.from ? instantOf(query.from) : null;
  let to = query.to ? instantOf(query.to) : null;
  if (!from && !to) from = defaults.anchor(new Date());
  if (from && !to) to = new Date(from.getTime() + defaults.hours * HOUR);
  if (!from && to) from = new Date(to.getTime() - defaults.hours * HOUR);
  const window = { from: from as Date, to: to as Date };
  checkWindow(window.from, window.to, maxHours);
  return window;
}

export const startOfUtcDay = (d: Date) =>
  new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
export const startOfUtcHour = (d: Date) => new Date(Math.floor(d.getTime() / HOUR) * HOUR);
