/**
 * The window a guide search looks in. Default: from now, 7 days ahead; `from` alone or `to` alone
 * spans 7 days from/to it, kept inside the guide's reach like every EPG window (resolveWindow; the
 * query schema refuses given instants outside it); never more than 7 days. The window is then
 * widened to whole quarter hours — `from` down, `to` up — so that the cache sees at most four
 * default windows an hour, and a programme that ended up to 15 minutes ago can still be listed
 * (its end time says so).
 */
import { MAX_SEARCH_WINDOW_HOURS } from "@seeyoo/schema/wire";
import { resolveWindow } from "../epg/epg-window.ts";

const QUARTER_HOUR = 15 * 60_000;

export function searchWindow(
  query: { from?: string | undefined; to?: string | undefined },
  now: Date = new Date(),
): { from: Date; to: Date } {
  const { from, to } = resolveWindow(
    query,
    { anchor: () => now, hours: MAX_SEARCH_WINDOW_HOURS },
    MAX_SEARCH_WINDOW_HOURS,
  );
  return {
    from: new Date(Math.floor(from.getTime() / QUARTER_HOUR) * QUARTER_HOUR),
    to: new Date(Math.ceil(to.getTime() / QUARTER_HOUR) * QUARTER_HOUR),
  };
}
