/**
 * Answers cut from cached blocks. A window or an instant never becomes part of a cache key: the
 * blocks covering it are read (a bounded set, see @seeyoo/schema/cache-keys) and the answer is
 * exactly what the request asked for — the programmes overlapping its window, now and next at its
 * instant — as if read from Postgres directly.
 */
import type { Programme } from "@seeyoo/schema/wire";
import type { GuideBlockChannel } from "../db/epg-queries.ts";

/** Start times (ms) of the fixed blocks of `sizeMs` that overlap [from, to). */
export function blocksCovering(from: number, to: number, sizeMs: number): number[] {
  const starts: number[] = [];
  for (let start = Math.floor(from / sizeMs) * sizeMs; start < to; start += sizeMs) starts.push(start);
  return starts;
}

/** The programmes of several blocks that overlap [from, to), once each (a programme spanning
 * blocks is in each of them), by start. */
export function programmesIn(blocks: Programme[][], from: number, to: number): Programme[] {
  const byId = new Map<string, Programme>();
  for (const programmes of blocks) {
    for (const p of programmes) {
      if (Date.parse(p.start) < to && Date.parse(p.end) > from) byId.set(p.id, p);
    }
  }
  return [...byId.values()].sort((a, b) => Date.parse(a.start) - Date.parse(b.start));
}

/** Now (start ≤ at < end) and next (the first start after `at`) from the block holding `at`. */
export function nowAndNextOf(channel: GuideBlockChannel, at: number) {
  const now = channel.programmes.find((p) => Date.parse(p.start) <= at && Date.parse(p.end) > at) ?? null;
  const later = [...channel.programmes, ...(channel.after ? [channel.after] : [])];
  const next = later.find((p) => Date.parse(p.start) > at) ?? null;
  return { channelId: channel.channelId, now, next };
}
