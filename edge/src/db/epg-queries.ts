import { channels, epgPrograms } from "@seeyoo/schema/db";
import type { Programme } from "@seeyoo/schema/wire";
import { and, asc, eq, gt, lt, sql } from "drizzle-orm";
import { type ProgrammeRow, programmeColumns, programmeColumnsSql, toProgramme } from "./programme-row.ts";
import type { EdgeDatabase } from "./request-db.ts";

/** One channel's programmes overlapping [from, to), by start. */
export async function channelProgrammes(
  db: EdgeDatabase,
  channelId: string,
  from: Date,
  to: Date,
): Promise<Programme[]> {
  const rows = await db
    .select(programmeColumns)
    .from(epgPrograms)
    .where(
      and(eq(epgPrograms.channelId, channelId), lt(epgPrograms.startTime, to), gt(epgPrograms.endTime, from)),
    )
    .orderBy(asc(epgPrograms.startTime));
  return rows.map(toProgramme);
}

export interface GuideBlockChannel {
  channelId: string;
  /** Programmes overlapping the block, by start. */
  programmes: Programme[];
  /** The first programme starting at or after the block's end (what comes next at its end). */
  after: Programme | null;
}

/**
 * Every active channel (by number) over [from, to), in one query: per channel, the programmes
 * overlapping the block and the first one after it (index range scans and one LATERAL probe per
 * channel on epg_programs(channel_id, start_time)).
 */
export async function guideBlock(db: EdgeDatabase, from: Date, to: Date): Promise<GuideBlockChannel[]> {
  const result = await db.execute<{
    channel_id: string;
    programmes: ProgrammeRow[] | null;
    after: ProgrammeRow | null;
  }>(sql`
    select c.id as channel_id,
      (select json_agg(inside order by inside."start") from (
        select ${programmeColumnsSql} from ${epgPrograms} p
        where p.channel_id = c.id and p.start_time < ${to} and p.end_time > ${from}
      ) inside) as programmes,
      (select to_json(nxt) from (
        select ${programmeColumnsSql} from ${epgPrograms} p
        where p.channel_id = c.id and p.start_time >= ${to}
        order by p.start_time asc limit 1
      ) nxt) as after
    from ${channels} c
    where c.active
    order by c.number`);
  return result.rows.map((r) => ({
    channelId: r.channel_id,
    programmes: (r.programmes ?? []).map(toProgramme),
    after: r.after ? toProgramme(r.after) : null,
  }));
}
