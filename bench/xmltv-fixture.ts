/**
 * A deterministic, realistic XMLTV document for parser and ingestion benchmarks: per channel and day a
 * gap-free schedule of 5–120 minute programmes with titles (some in two languages), sub-titles,
 * descriptions containing entities, categories, xmltv_ns + onscreen episode numbers, ratings and icons.
 * 300 channels × 7 days ≈ 97k programmes ≈ 72 MB.
 */

import { once } from "node:events";
import { createWriteStream } from "node:fs";

export interface XmltvFixtureOptions {
  channels?: number;
  days?: number;
  /** Midnight UTC of the first day; fixed by default so the document is reproducible. */
  startDate?: Date;
  seed?: number;
}

const CHUNK_CHARS = 64 * 1024;
const DEFAULT_START = new Date("2025-01-06T00:00:00Z");

/** Weighted towards short slots, like real schedules full of news bulletins and magazines. */
const LENGTHS_MIN = [5, 5, 10, 10, 15, 20, 25, 30, 30, 45, 60, 120];
const TITLES = [
  ["Evening News", "Abendnachrichten"],
  ["Weather & Traffic", "Wetter & Verkehr"],
  ["The Great Bake Off", "Das große Backen"],
  ["Football Tonight", "Fußball heute"],
  ["Nature's Wonders", "Wunder der Natur"],
  ["Crime Scene Berlin", "Tatort Berlin"],
  ["Morning Magazine", "Morgenmagazin"],
  ["Kids' Cartoon Hour", "Zeichentrickstunde"],
  ['Science "Now"', "Wissenschaft „Jetzt“"],
  ["Late Night Talk", "Late Night Talk"],
  ["History Uncovered", "Geschichte enthüllt"],
  ["Cooking with Chloé", "Kochen mit Chloé"],
  ["Motor Sports Live", "Motorsport live"],
  ["Documentary: Oceans", "Doku: Ozeane"],
  ["Quiz Champions", "Quizmeister"],
  ["Family Matters", "Familiensache"],
];
const SUBTITLE_WORDS = [
  "Return",
  "Secrets",
  "Harbour",
  "Winter",
  "Reunion",
  "Pilot",
  "Storm",
  "Legacy",
  "Finale",
];
const SENTENCES = [
  "A gripping story of friendship &amp; rivalry unfolds in a small coastal town.",
  "The team investigates a mysterious disappearance that leads them to an old factory.",
  "Experts explain the latest developments in science, technology &amp; medicine.",
  "Live coverage with analysis, interviews and the best moments of the day.",
  "Our hosts travel across Europe to discover local recipes &amp; traditions.",
  "An unexpected guest turns the family&apos;s holiday plans upside down.",
  "Highlights, results &amp; reactions from all of today&apos;s matches.",
  "The documentary follows researchers on a year-long expedition to the Arctic.",
  "Comedians compete in a series of improvised challenges in front of a live audience.",
  "A look behind the scenes of Europe&apos;s busiest airport.",
  "Quiz fans battle it out for the &quot;golden ticket&quot; and a cash prize.",
  "Breaking stories from home and abroad, with sport and the weather at the end.",
];
const CATEGORIES = [
  ["News", "Nachrichten"],
  ["Sport", "Sport"],
  ["Documentary", "Dokumentation"],
  ["Series", "Serie"],
  ["Comedy", "Komödie"],
  ["Crime", "Krimi"],
  ["Children", "Kinder"],
  ["Cooking", "Kochen"],
  ["Entertainment", "Unterhaltung"],
];
const RATINGS = ["0", "6", "12", "16", "18"];

/** The channel ids (our slugs) the fixture uses, in document order. */
export function fixtureChannelSlugs(channels: number): string[] {
  const width = Math.max(3, String(channels).length);
  return Array.from({ length: channels }, (_, i) => `ch${String(i + 1).padStart(width, "0")}.seeyoo.test`);
}

/** Streams the document as UTF-8 chunks of about 64 KiB; nothing but one chunk is held. */
export async function* generateXmltv(options: XmltvFixtureOptions = {}): AsyncGenerator<Uint8Array> {
  const encoder = new TextEncoder();
  let pending = "";
  for (const piece of xmltvPieces(options)) {
    pending += piece;
    if (pending.length >= CHUNK_CHARS) {
      yield encoder.encode(pending);
      pending = "";
    }
  }
  if (pending.length > 0) yield encoder.encode(pending);
}

/** Writes the document to `path`; returns its size and how many programmes it holds. */
export async function writeXmltvFixture(
  path: string,
  options: XmltvFixtureOptions = {},
): Promise<{ bytes: number; programmes: number }> {
  const out = createWriteStream(path);
  let bytes = 0;
  for await (const chunk of generateXmltv(options)) {
    bytes += chunk.length;
    if (!out.write(chunk)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return { bytes, programmes: countFixtureProgrammes(options) };
}

/** The number of programmes `generateXmltv` produces for these options, without building the text. */
export function countFixtureProgrammes(options: XmltvFixtureOptions = {}): number {
  let count = 0;
  for (const piece of xmltvPieces(options)) if (piece.startsWith("  <programme ")) count++;
  return count;
}

function* xmltvPieces(options: XmltvFixtureOptions): Generator<string> {
  const channels = options.channels ?? 300;
  const days = options.days ?? 7;
  const start = (options.startDate ?? DEFAULT_START).getTime();
  const random = mulberry32(options.seed ?? 20250106);
  const slugs = fixtureChannelSlugs(channels);

  yield '<?xml version="1.0" encoding="UTF-8"?>\n<!DOCTYPE tv SYSTEM "xmltv.dtd">\n';
  yield '<tv generator-info-name="seeyoo-fixture" generator-info-url="https://seeyoo.test">\n';
  for (const [i, slug] of slugs.entries()) {
    yield `  <channel id="${slug}">\n    <display-name lang="en">SEEYOO ${i + 1}</display-name>\n    <icon src="https://img.seeyoo.test/channels/${slug}.png" />\n  </channel>\n`;
  }
  const end = start + days * 86_400_000;
  for (const [c, slug] of slugs.entries()) {
    // Every tenth channel writes local (CET) times, as many providers do.
    const offsetMinutes = c % 10 === 9 ? 60 : 0;
    let series = 0;
    for (let at = start; at < end; ) {
      const minutes = pick(random, LENGTHS_MIN);
      const stop = Math.min(at + minutes * 60_000, end);
      series++;
      yield programme(random, slug, at, stop, offsetMinutes, series);
      at = stop;
    }
  }
  yield "</tv>\n";
}

function programme(
  random: () => number,
  channel: string,
  start: number,
  stop: number,
  offsetMinutes: number,
  serial: number,
): string {
  const title = pick(random, TITLES);
  const german = random() < 0.25;
  const season = Math.floor(random() * 12);
  const episode = Math.floor(random() * 24);
  const sentences = 1 + Math.floor(random() * 3);
  const first = Math.floor(random() * SENTENCES.length);
  let desc = "";
  for (let s = 0; s < sentences; s++)
    desc += (s > 0 ? " " : "") + SENTENCES[(first + s * 5) % SENTENCES.length];
  const categoryCount = 1 + Math.floor(random() * 3);
  let xml = `  <programme start="${xmltvTime(start, offsetMinutes)}" stop="${xmltvTime(stop, offsetMinutes)}" channel="${channel}">\n`;
  xml += `    <title lang="en">${escapeText(title[0] as string)}</title>\n`;
  if (german) xml += `    <title lang="de">${escapeText(title[1] as string)}</title>\n`;
  xml += `    <sub-title lang="en">${pick(random, SUBTITLE_WORDS)} (Part ${1 + (serial % 3)})</sub-title>\n`;
  xml += `    <desc lang="en">${desc}</desc>\n`;
  for (let k = 0; k < categoryCount; k++) {
    const category = pick(random, CATEGORIES);
    xml += `    <category lang="en">${category[0]}</category>\n`;
    if (german) xml += `    <category lang="de">${escapeText(category[1] as string)}</category>\n`;
  }
  xml += `    <episode-num system="xmltv_ns">${season}.${episode}.0/1</episode-num>\n`;
  xml += `    <episode-num system="onscreen">S${pad2(season + 1)}E${pad2(episode + 1)}</episode-num>\n`;
  xml += `    <icon src="https://img.seeyoo.test/programmes/${serial % 5000}.jpg" width="640" height="360" />\n`;
  xml += `    <rating system="FSK">\n      <value>${pick(random, RATINGS)}</value>\n    </rating>\n`;
  xml += "  </programme>\n";
  return xml;
}

function xmltvTime(utcMillis: number, offsetMinutes: number): string {
  const d = new Date(utcMillis + offsetMinutes * 60_000);
  const sign = offsetMinutes < 0 ? "-" : "+";
  const abs = Math.abs(offsetMinutes);
  return (
    `${d.getUTCFullYear()}${pad2(d.getUTCMonth() + 1)}${pad2(d.getUTCDate())}` +
    `${pad2(d.getUTCHours())}${pad2(d.getUTCMinutes())}${pad2(d.getUTCSeconds())} ` +
    `${sign}${pad2(Math.floor(abs / 60))}${pad2(abs % 60)}`
  );
}

function escapeText(text: string): string {
  return text.replaceAll("&", "&amp;").replaceAll("<", "&lt;").replaceAll(">", "&gt;");
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

/** Small seeded PRNG so every run produces the same document. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
