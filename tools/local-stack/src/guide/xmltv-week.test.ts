/**
 * The demo guide: valid XMLTV (read back with the origin's own ingestion parser, without a single
 * warning), every channel covered for 7 whole days without gaps or overlaps, the same schedule
 * for the same day on every run.
 */
import { parseXmltv, type XmltvItem } from "@seeyoo/origin/xmltv";
import { describe, expect, it } from "vitest";
import { daySchedule, type GuideChannel, weekSchedule, xmltvWeek } from "./xmltv-week.ts";

const CATEGORIES = [
  "General",
  "News",
  "Sport",
  "Movies",
  "Kids",
  "Documentary",
  "Music",
  "Entertainment",
  "Science",
  "Lifestyle",
  "Regional",
];
// Twenty channels like the demo line-up, one with characters XML must escape.
const channels: GuideChannel[] = Array.from({ length: 20 }, (_, i) => ({
  slug: i === 10 ? "food-and-travel.seeyoo.test" : `channel-${i + 1}.seeyoo.test`,
  name: i === 10 ? "Food & Travel" : `Channel <${i + 1}>`,
  category: CATEGORIES[i % CATEGORIES.length] ?? null,
  logoUrl: `http://127.0.0.1:8790/logos/channel-${i + 1}.svg?v=1&x=2`,
}));
const monday = new Date("2031-03-10T13:45:00Z");
const DAY_MS = 86_400_000;

async function parsed(xml: string) {
  const items: XmltvItem[] = [];
  const warnings: unknown[] = [];
  const bytes = (async function* () {
    yield new TextEncoder().encode(xml);
  })();
  for await (const batch of parseXmltv(bytes, { languages: ["en"] }, (w) => warnings.push(w)))
    items.push(...batch);
  return { items, warnings };
}

describe("the demo guide", () => {
  it("is XMLTV the ingestion parser reads without warnings", async () => {
    const xml = xmltvWeek(channels, monday);
    expect(xml.startsWith('<?xml version="1.0" encoding="UTF-8"?>')).toBe(true);
    const { items, warnings } = await parsed(xml);
    expect(warnings).toEqual([]);
    const declared = items.flatMap((i) => (i.kind === "channel" ? [i.channel] : []));
    expect(declared.map((c) => c.id)).toEqual(channels.map((c) => c.slug));
    expect(declared[10]?.displayName).toBe("Food & Travel");
    const programmes = items.flatMap((i) => (i.kind === "programme" ? [i.programme] : []));
    expect(programmes).toHaveLength(weekSchedule(channels, monday).length);
    const withEpisode = programmes.find((p) => p.season !== null && p.episode !== null);
    expect(withEpisode).toBeDefined();
  });

  it("covers 7 whole UTC days for every channel, without gaps or overlaps", () => {
    const programmes = weekSchedule(channels, monday);
    const start = Date.UTC(2031, 2, 10);
    for (const channel of channels) {
      const own = programmes.filter((p) => p.channel === channel.slug);
      expect(own[0]?.start.getTime()).toBe(start);
      expect(own.at(-1)?.stop.getTime()).toBe(start + 7 * DAY_MS);
      own.forEach((p, i) => {
        expect(p.stop.getTime()).toBeGreaterThan(p.start.getTime());
        if (i > 0) expect(p.start.getTime(), `${channel.slug} #${i}`).toBe(own[i - 1]?.stop.getTime());
      });
    }
  });

  it("has programmes of realistic length, titled, described and categorised", () => {
    const programmes = weekSchedule(channels, monday);
    const minutes = programmes.map((p) => (p.stop.getTime() - p.start.getTime()) / 60_000);
    expect(Math.min(...minutes)).toBeGreaterThanOrEqual(5);
    expect(Math.max(...minutes)).toBeLessThanOrEqual(150);
    expect(minutes.every((m) => m % 5 === 0)).toBe(true);
    expect(programmes.every((p) => p.title !== "" && p.desc !== "" && p.categories.length > 0)).toBe(true);
    // Programmes per channel-day in the range of a real guide.
    const perDay = programmes.length / (channels.length * 7);
    expect(perDay).toBeGreaterThan(15);
    expect(perDay).toBeLessThan(100);
    const movies = weekSchedule([channels[3] as GuideChannel], monday);
    expect(movies.filter((p) => p.stop.getTime() - p.start.getTime() >= 90 * 60_000).length).toBeGreaterThan(
      20,
    );
  });

  it("gives a day the same schedule on every run, whatever the week it is part of", () => {
    const channel = channels[2] as GuideChannel;
    const wednesday = new Date("2031-03-12T00:00:00Z");
    const alone = daySchedule(channel, wednesday);
    const inWeek = weekSchedule([channel], monday).filter(
      (p) => p.start.getTime() >= wednesday.getTime() && p.start.getTime() < wednesday.getTime() + DAY_MS,
    );
    expect(inWeek).toEqual(alone);
    expect(daySchedule(channel, new Date("2031-03-12T23:59:00Z"))).toEqual(alone);
    expect(daySchedule(channel, new Date("2031-03-13T00:00:00Z"))).not.toEqual(alone);
  });
});
