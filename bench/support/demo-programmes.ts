/**
 * A day of programmes (30-minute slots, 12 h either side of now) on every active channel, so that
 * /v1/epg/now answers with realistic content. Slots that would overlap existing programmes are
 * skipped (ON CONFLICT DO NOTHING also covers the exclusion constraint).
 */

import type { Database } from "@seeyoo/origin/database";
import { channels, epgPrograms } from "@seeyoo/schema/db";
import { eq } from "drizzle-orm";

const SLOT_MS = 30 * 60_000;
const HOURS_EACH_SIDE = 12;
const GENRES = ["News", "Documentary", "Drama", "Comedy", "Sport", "Kids", "Music", "Film"];

export async function insertDemoProgrammes(db: Database, now = Date.now()): Promise<number> {
  const active = await db
    .select({ id: channels.id, name: channels.name })
    .from(channels)
    .where(eq(channels.active, true));
  const first = Math.floor(now / SLOT_MS) * SLOT_MS - HOURS_EACH_SIDE * 3_600_000;
  const slots = (2 * HOURS_EACH_SIDE * 3_600_000) / SLOT_MS;
  const rows = active.flatMap((channel, c) =>
    Array.from({ length: slots }, (_, s) => {
      const start = first + s * SLOT_MS;
      const genre = GENRES[(c + s) % GENRES.length] as string;
      return {
        channelId: channel.id,
        startTime: new Date(start),
        endTime: new Date(start + SLOT_MS),
        title: `${channel.name}: ${genre} hour ${s + 1}`,
        subtitle: `Episode ${(s % 12) + 1}`,
        description: `A ${genre.toLowerCase()} programme on ${channel.name}, with the kind of two-sentence synopsis an XMLTV feed carries. Guests, highlights and what comes next.`,
        categories: [genre],
        season: 1 + (s % 3),
        episode: 1 + (s % 12),
        episodeOnscreen: `S${1 + (s % 3)}E${1 + (s % 12)}`,
        rating: "FSK 12",
        imageUrl: `https://img.seeyoo.test/${channel.id}/${s}.jpg`,
      };
    }),
  );
  if (rows.length === 0) return 0;
  const inserted = await db
    .insert(epgPrograms)
    .values(rows)
    .onConflictDoNothing()
    .returning({ id: epgPrograms.id });
  return inserted.length;
}
