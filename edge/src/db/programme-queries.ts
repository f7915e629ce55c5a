/** The one programme a restart or catch-up request names: by id, or the one airing at an instant. */
import { epgPrograms } from "@seeyoo/schema/db";
import type { Programme } from "@seeyoo/schema/wire";
import { and, desc, eq, gt, lte } from "drizzle-orm";
import { programmeColumns, toProgramme } from "./programme-row.ts";
import type { EdgeDatabase } from "./request-db.ts";

export type ProgrammeLookup = { programmeId: string } | { at: Date };

/** The programme of this channel (another channel's programme is not found), or undefined. */
export async function findChannelProgramme(
  db: EdgeDatabase,
  channelId: string,
  lookup: ProgrammeLookup,
): Promise<Programme | undefined> {
  const which =
    "programmeId" in lookup
      ? eq(epgPrograms.id, lookup.programmeId)
      : and(lte(epgPrograms.startTime, lookup.at), gt(epgPrograms.endTime, lookup.at));
  const [row] = await db
    .select(programmeColumns)
    .from(epgPrograms)
    .where(and(eq(epgPrograms.channelId, channelId), which))
    .orderBy(desc(epgPrograms.startTime))
    .limit(1);
  return row && toProgramme(row);
}
