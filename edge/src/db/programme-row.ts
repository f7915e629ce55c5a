/** A programme as the guide's queries read it (drizzle columns or raw SQL) and as the API shows it. */
import { epgPrograms } from "@seeyoo/schema/db";
import type { Programme } from "@seeyoo/schema/wire";
import { sql } from "drizzle-orm";

export const programmeColumns = {
  id: epgPrograms.id,
  channelId: epgPrograms.channelId,
  start: epgPrograms.startTime,
  end: epgPrograms.endTime,
  title: epgPrograms.title,
  subtitle: epgPrograms.subtitle,
  description: epgPrograms.description,
  categories: epgPrograms.categories,
  season: epgPrograms.season,
  episode: epgPrograms.episode,
  episodeOnscreen: epgPrograms.episodeOnscreen,
  rating: epgPrograms.rating,
  imageUrl: epgPrograms.imageUrl,
};

export type ProgrammeRow = { [K in keyof typeof programmeColumns]: unknown } & {
  start: Date | string;
  end: Date | string;
};

/** The columns of `programmeColumns` in raw SQL, for queries written in SQL: epg_programs as `p`. */
export const programmeColumnsSql = sql.raw(
  `p.id, p.start_time as "start", p.end_time as "end", p.title, p.subtitle, p.description, p.categories,
   p.season, p.episode, p.episode_onscreen as "episodeOnscreen", p.rating, p.image_url as "imageUrl"`,
);

const iso = (t: Date | string) => (t instanceof Date ? t : new Date(t)).toISOString();

export function toProgramme(row: ProgrammeRow): Programme {
  return {
    id: row.id as string,
    start: iso(row.start),
    end: iso(row.end),
    title: row.title as string,
    subtitle: (row.subtitle as string | null) ?? null,
    description: (row.description as string | null) ?? null,
    categories: (row.categories as string[] | null) ?? [],
    season: (row.season as number | null) ?? null,
    episode: (row.episode as number | null) ?? null,
    episodeOnscreen: (row.episodeOnscreen as string | null) ?? null,
    rating: (row.rating as string | null) ?? null,
    imageUrl: (row.imageUrl as string | null) ?? null,
  };
}
