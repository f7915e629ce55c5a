/**
 * The window a guide search looks in. Default: from now, 7 days ahead; `from` alone or `to` alone
 * spans 7 days from/to it; never more than 7 days, never reaching further than the guide does
 * (GUIDE_PAST_DAYS back, GUIDE_FUTURE_DAYS ahead). The window is then widened to whole quarter
 * hours — `from` down, `to` up — so that the cache sees at most four default windows an hour, and
 * a programme that ended up to 15 minutes ago can still be listed (its end time says so).
 */
import {
  GUIDE_FUTURE_DAYS,
  GUIDE_PAST_DAYS,
  MAX_SEARCH_WINDOW_HOURS,
  ProblemError,
} from "@seeyoo/schema/wire";
import { resolveWindow } from "../epg/epg-window.ts";

const QUARTER_HOUR = 15 * 60_000;
const DAY = 86_400_000;

const outOfReach = (field: "from" | "to", message: string) =>
  new ProblemError(400, "validation", "Request validation failed", {
    detail: `${field}: ${message}`,
    errors: [{ field, message }],
  });

export function searchWindow(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date = new Date(),
): { from: Date; to: Date } {
  const { from, to } = resolveWindow(
    query,
    { anchor: () => now, hours: MAX_SEARCH_WINDOW_HOURS },
    MAX_SEARCH_WINDOW_HOURS,
  );
  if (from.getTime() < now.getTime() - GUIDE_PAST_DAYS * DAY) {
    throw outOfReach(query.from ? "from" : "to", `the guide reaches back ${GUIDE_PAST_DAYS} days`);
  }
  if (to.getTime() > now.getTime() + GUIDE_FUTURE_DAYS * DAY) {
    throw outOfReach(query.to ? "to" : "from", `the guide reaches ${GUIDE_FUTURE_DAYS} days ahead`);
  }
  return {
    from: new Date(Math.floor(from.getTime() / QUARTER_HOUR) * QUARTER_HOUR),
    to: new Date(Math.ceil(to.getTime() / QUARTER_HOUR) * QUARTER_HOUR),
  };
}
