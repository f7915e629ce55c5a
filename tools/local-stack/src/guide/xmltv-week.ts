/**
 * A week of invented but plausible guide data for the demo channels, as XMLTV (the format real
 * EPG providers send). Each channel-day is a pure function of the channel's slug and the date:
 * the same day always gets the same schedule, so re-posting on a later start changes nothing
 * for the days already sent. Days are UTC days, filled gap-free from 00:00 to 24:00.
 */
import { CLOSEDOWN, EPISODE_WORDS, type Show, showsFor } from "./programme-catalogue.ts";
import { seededRandom } from "./seeded-random.ts";

export interface GuideChannel {
  /** The XMLTV channel id: the channel's slug. */
  slug: string;
  name: string;
  category: string | null;
  logoUrl?: string | null;
}

export interface GuideProgramme {
  channel: string;
  start: Date;
  stop: Date;
  title: string;
  subTitle: string | null;
  desc: string;
  categories: string[];
  /** One-based. */
  episode: { season: number; episode: number } | null;
  rating: string | null;
}

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

export function utcDayStart(instant: Date): Date {
  return new Date(Math.floor(instant.getTime() / DAY_MS) * DAY_MS);
}

function episodeOf(show: Show, dayNumber: number, airedToday: number): GuideProgramme["episode"] {
  if (!show.series) return null;
  const { episodes, seasons } = show.series;
  // Two new episodes a day on average, cycling through the whole series.
  const index = (dayNumber * 2 + airedToday) % (episodes * seasons);
  return { season: Math.floor(index / episodes) + 1, episode: (index % episodes) + 1 };
}

function episodeTitle(show: Show, episode: NonNullable<GuideProgramme["episode"]>): string {
  const random = seededRandom(`${show.title}|${episode.season}|${episode.episode}`);
  return `${random.pick(EPISODE_WORDS.first)} ${random.pick(EPISODE_WORDS.second)}`;
}

/** One channel's programmes for the UTC day starting at `dayStart`. */
export function daySchedule(channel: GuideChannel, dayStart: Date): GuideProgramme[] {
  const begin = utcDayStart(dayStart).getTime();
  const end = begin + DAY_MS;
  const dayNumber = begin / DAY_MS;
  const random = seededRandom(`${channel.slug}|${new Date(begin).toISOString().slice(0, 10)}`);
  const pool = showsFor(channel.category);
  const aired = new Map<string, number>();
  const programmes: GuideProgramme[] = [];
  let previous: Show | null = null;
  for (let t = begin; t < end; ) {
    const remaining = (end - t) / MINUTE_MS;
    let show = random.pick(pool);
    if (show === previous && pool.length > 1) show = random.pick(pool.filter((s) => s !== previous));
    let minutes = random.pick(show.minutes);
    if (minutes > remaining) {
      // Close the day with the longest slot that still fits, or a preview filler.
      const fitting = pool
        .flatMap((s) => s.minutes.filter((m) => m <= remaining).map((m) => ({ show: s, minutes: m })))
        .sort((a, b) => b.minutes - a.minutes);
      ({ show, minutes } = fitting[0] ?? { show: CLOSEDOWN, minutes: remaining });
    }
    const airedToday = aired.get(show.title) ?? 0;
    aired.set(show.title, airedToday + 1);
    const episode = episodeOf(show, dayNumber, airedToday);
    programmes.push({
      channel: channel.slug,
      start: new Date(t),
      stop: new Date(t + minutes * MINUTE_MS),
      title: show.title,
      subTitle: episode ? episodeTitle(show, episode) : null,
      desc: episode ? `${show.about} Season ${episode.season}, episode ${episode.episode}.` : show.about,
      categories: [...new Set([show.genre, channel.category ?? "General"])],
      episode,
      rating: show.rating ?? null,
    });
    previous = show;
    t += minutes * MINUTE_MS;
  }
  return programmes;
}

export function weekSchedule(channels: readonly GuideChannel[], firstDay: Date, days = 7): GuideProgramme[] {
  const begin = utcDayStart(firstDay).getTime();
  return channels.flatMap((channel) =>
    Array.from({ length: days }, (_, d) => daySchedule(channel, new Date(begin + d * DAY_MS))).flat(),
  );
}

const escapeXml = (text: string) =>
  text.replace(
    /[&<>"']/g,
    (ch) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" })[ch] as string,
  );

/** XMLTV's `YYYYMMDDhhmmss +0000`. */
export function xmltvTime(instant: Date): string {
  return `${instant.toISOString().replace(/[-:T]/g, "").slice(0, 14)} +0000`;
}

function programmeXml(p: GuideProgramme): string {
  const lines = [
    `  <programme start="${xmltvTime(p.start)}" stop="${xmltvTime(p.stop)}" channel="${escapeXml(p.channel)}">`,
    `    <title lang="en">${escapeXml(p.title)}</title>`,
    ...(p.subTitle ? [`    <sub-title lang="en">${escapeXml(p.subTitle)}</sub-title>`] : []),
    `    <desc lang="en">${escapeXml(p.desc)}</desc>`,
    ...p.categories.map((c) => `    <category lang="en">${escapeXml(c)}</category>`),
    ...(p.episode
      ? [
          `    <episode-num system="xmltv_ns">${p.episode.season - 1}.${p.episode.episode - 1}.</episode-num>`,
          `    <episode-num system="onscreen">S${String(p.episode.season).padStart(2, "0")}E${String(p.episode.episode).padStart(2, "0")}</episode-num>`,
        ]
      : []),
    ...(p.rating
      ? [`    <rating system="FSK">`, `      <value>${escapeXml(p.rating)}</value>`, "    </rating>"]
      : []),
    "  </programme>",
  ];
  return lines.join("\n");
}

export function renderXmltv(
  channels: readonly GuideChannel[],
  programmes: readonly GuideProgramme[],
): string {
  const channelXml = channels.map((ch) =>
    [
      `  <channel id="${escapeXml(ch.slug)}">`,
      `    <display-name lang="en">${escapeXml(ch.name)}</display-name>`,
      ...(ch.logoUrl ? [`    <icon src="${escapeXml(ch.logoUrl)}"/>`] : []),
      "  </channel>",
    ].join("\n"),
  );
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<!DOCTYPE tv SYSTEM "xmltv.dtd">',
    '<tv generator-info-name="seeyoo-local-stack" source-info-name="SEEYOO demo guide">',
    ...channelXml,
    ...programmes.map(programmeXml),
    "</tv>",
    "",
  ].join("\n");
}

/** The week from `firstDay`'s UTC midnight, every channel, as one XMLTV document. */
export function xmltvWeek(channels: readonly GuideChannel[], firstDay: Date, days = 7): string {
  return renderXmltv(channels, weekSchedule(channels, firstDay, days));
}
