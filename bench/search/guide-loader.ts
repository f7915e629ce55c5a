/** Writes a generated guide into a migrated database (batched INSERTs: triggers and generated columns run as for an ingest). */
import type pg from "pg";
import type { GeneratedChannel, GeneratedProgramme } from "./guide-generator.ts";

const BATCH = 5_000;

/** Inserts the channels and programmes; returns the channels' ids in line-up order. */
export async function loadGuide(
  pool: pg.Pool,
  guide: { channels: GeneratedChannel[]; programmes: GeneratedProgramme[] },
): Promise<string[]> {
  const { rows } = await pool.query<{ id: string }>(
    `insert into channels (slug, number, name, hls_path)
     select slug, number, name, '/live/' || slug
     from unnest($1::text[], $2::int[], $3::text[]) with ordinality as c(slug, number, name, i)
     order by i
     returning id`,
    [
      guide.channels.map((c) => c.slug),
      guide.channels.map((c) => c.number),
      guide.channels.map((c) => c.name),
    ],
  );
  const ids = rows.map((r) => r.id);
  for (let i = 0; i < guide.programmes.length; i += BATCH) {
    const batch = guide.programmes.slice(i, i + BATCH);
    await pool.query(
      `insert into epg_programs (channel_id, start_time, end_time, title, subtitle, description, categories, season, episode)
       select channel_id, start_time, end_time, title, subtitle, description,
              case when category is null then '{}'::text[] else array[category] end, season, episode
       from unnest($1::uuid[], $2::timestamptz[], $3::timestamptz[], $4::text[], $5::text[], $6::text[],
                   $7::text[], $8::int[], $9::int[])
         as p(channel_id, start_time, end_time, title, subtitle, description, category, season, episode)`,
      [
        batch.map((p) => ids[p.channel]),
        batch.map((p) => p.start),
        batch.map((p) => p.end),
        batch.map((p) => p.title),
        batch.map((p) => p.subtitle),
        batch.map((p) => p.description),
        batch.map((p) => p.categories[0] ?? null),
        batch.map((p) => p.season),
        batch.map((p) => p.episode),
      ],
    );
  }
  return ids;
}
