import { describe, expect, it } from "vitest";
import { parseXmltv } from "./parse-xmltv.ts";

const TARGET_BYTES = 50 * 1024 * 1024;
// Holding the document alone would take ~50 MB; the parser itself needs a few chunks plus garbage.
const HEAP_GROWTH_LIMIT = 64 * 1024 * 1024;

/** Streams a ~50 MB XMLTV document without ever holding more than one 64 KiB chunk of it. */
async function* largeDocument(counter: { programmes: number; bytes: number }): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  const emit = (text: string) => {
    const chunk = encoder.encode(text);
    counter.bytes += chunk.length;
    return chunk;
  };
  yield emit('<?xml version="1.0" encoding="UTF-8"?>\n<tv>\n');
  let pending = "";
  for (let n = 0; counter.bytes + pending.length < TARGET_BYTES; n++) {
    const minute = n % 1440;
    const hh = String(Math.floor(minute / 60)).padStart(2, "0");
    const mm = String(minute % 60).padStart(2, "0");
    pending +=
      `  <programme start="20250106${hh}${mm}00 +0000" channel="ch${n % 300}.seeyoo.test">\n` +
      `    <title lang="en">Programme ${n} &amp; friends</title>\n` +
      `    <desc lang="en">${"A realistic description sentence for memory testing. ".repeat(6)}</desc>\n` +
      `    <category lang="en">Series</category>\n` +
      `    <episode-num system="xmltv_ns">${n % 9}.${n % 20}.</episode-num>\n` +
      "  </programme>\n";
    counter.programmes++;
    if (pending.length >= 64 * 1024) {
      yield emit(pending);
      pending = "";
    }
  }
  yield emit(`${pending}</tv>\n`);
}

describe("parseXmltv memory", () => {
  it("parses a ~50 MB document with bounded heap growth", { timeout: 120_000 }, async () => {
    const gc = (globalThis as { gc?: () => void }).gc;
    gc?.();
    const baseline = process.memoryUsage().heapUsed;
    let peak = baseline;
    const counter = { programmes: 0, bytes: 0 };
    let parsed = 0;
    for await (const batch of parseXmltv(largeDocument(counter))) {
      parsed += batch.length;
      peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
    expect(counter.bytes).toBeGreaterThan(TARGET_BYTES - 1024 * 1024);
    expect(parsed).toBe(counter.programmes);
    expect(peak - baseline).toBeLessThan(HEAP_GROWTH_LIMIT);
  });
});
