/**
 * The `start`/`end` query of a time-shifted manifest request, as AWS Elemental MediaPackage v2
 * reads it: ISO 8601 with a zone (Z or an offset; compared in UTC, so no DST question arises) or
 * epoch seconds. `start` alone restarts (grows to the live edge), `start` with `end` is a catch-up
 * window. A `start` older than the channel's startover window, a `start` in the future or an `end`
 * not after `start` is 404, as MediaPackage answers; a value that is not a time is 400. So is any
 * other query parameter, or `start`/`end` given twice: a policy signed for one window matches URLs
 * that END with that window's query (CloudFront's `*` also swallows `?` and `&`), and an extra or
 * repeated parameter in front of it would otherwise change the window while the URL still matches.
 */
import type { PlaylistView } from "../hls/live-playlist.ts";

export type TimeShift =
  | { ok: true; view: Exclude<PlaylistView, { kind: "live" }>; query: { start: string; end?: string } }
  | { ok: false; status: 400 | 404; reason: string };

const ISO_8601_WITH_ZONE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}(:?\d{2})?)$/i;
const EPOCH_SECONDS = /^\d{1,12}(\.\d{1,6})?$/;

/** Epoch milliseconds, or null for anything that is not one of the two accepted forms. */
export function parseTimeParameter(value: string): number | null {
  if (EPOCH_SECONDS.test(value)) return Math.round(Number(value) * 1000);
  if (!ISO_8601_WITH_ZONE.test(value)) return null;
  const ms = Date.parse(value);
  return Number.isFinite(ms) ? ms : null;
}

/**
 * Reads `start`/`end` from `params`; null when the request is not time-shifted (plain live).
 * `startoverMs` is how far back the channel's archive reaches.
 */
export function readTimeShift(params: URLSearchParams, nowMs: number, startoverMs: number): TimeShift | null {
  const names = [...params.keys()];
  const unexpected = names.find((name) => name !== "start" && name !== "end");
  if (unexpected !== undefined) {
    return { ok: false, status: 400, reason: `unexpected query parameter ${JSON.stringify(unexpected)}` };
  }
  if (new Set(names).size !== names.length) {
    return { ok: false, status: 400, reason: "start and end may each be given once" };
  }
  const start = params.get("start");
  const end = params.get("end");
  if (start === null && end === null) return null;
  if (start === null) return { ok: false, status: 400, reason: "end needs a start" };
  const startMs = parseTimeParameter(start);
  if (startMs === null)
    return { ok: false, status: 400, reason: "start must be ISO 8601 (UTC) or epoch seconds" };
  if (startMs > nowMs) return { ok: false, status: 404, reason: "start is in the future" };
  if (startMs < nowMs - startoverMs) {
    return { ok: false, status: 404, reason: "start is outside the channel's startover window" };
  }
  if (end === null) return { ok: true, view: { kind: "restart", startMs }, query: { start } };
  const endMs = parseTimeParameter(end);
  if (endMs === null)
    return { ok: false, status: 400, reason: "end must be ISO 8601 (UTC) or epoch seconds" };
  if (endMs <= startMs) return { ok: false, status: 404, reason: "end is not after start" };
  return { ok: true, view: { kind: "catch-up", startMs, endMs }, query: { start, end } };
}
