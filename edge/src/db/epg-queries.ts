import { channels, epgPrograms } from "@seeyoo/schema/db";
import type { NowNextResponse, Programme } from "@seeyoo/schema/wire";
import { and, asc, gt, inArray, lt, sql } from "drizzle-orm";
import { type ProgrammeRow, programmeColumns, programmeColumnsSql, toProgramme } from "./programme-row.ts";
import type { EdgeDatabase } from "./request-db.ts";

/** Programmes of these channels overlapping [from, to), by channel then start. */
export async function programmesInWindow(
  db: EdgeDatabase,
  channelIds: string[],
  from: Date,
  to: Date,
): Promise<Map<string, Programme[]>> {
  const byChannel = new Map<string, Programme[]>(channelIds.map((id) => [id, []]));
  if (channelIds.length === 0) return byChannel;
  const rows = await db
    .select(programmeColumns)
    .from(epgPrograms)
    .where(
      and(
        inArray(epgPrograms.channelId, channelIds),
        lt(epgPrograms.startTime, to),
        gt(epgPrograms.endTime, from),
      ),
    )
    .orderBy(asc(epgPrograms.channelId), asc(epgPrograms.startTime));
  for (const row of rows) byChannel.get(row.channelId)?.push(toProgramme(row));
  return byChannel;
}

/**
 * The programme on air at `at` and the one after it, for every active channel, in one query
 * (two LATERAL index probes per channel on epg_programs(channel_id, start_time)).
 */
export async function nowAndNext(db: EdgeDatabase, at: Date): Promise<NowNextResponse> {
  const result = await db.execute<{
    channel_id: string;
    now: ProgrammeRow | null;
    next: ProgrammeRow | null;
  }>(sql`
    select c.id as channel_id, to_json(cur) as now, to_json(nxt) as next
    from ${channels} c
    left join lateral (
      select ${programmeColumnsSql} from ${epgPrograms} p
      where p.channel_id = c.id and p.start_time <= ${at} and p.end_time > ${at}
      order by p.start_time desc limit 1
    ) cur on true
    left join lateral (
      select ${programmeColumnsSql} from ${epgPrograms} p
      where p.channel_id = c.id and p.start_time > ${at}
      order by p.start_time asc limit 1
    ) nxt on true
    where c.active
    order by c.number`);
  return {
    at: at.toISOString(),
    channels: result.rows.map((r) => ({
      channelId: r.channel_id,
      now: r.now ? toProgramme(r.now) : null,
      next: r.next ? toProgramme(r.next) : null,
    })),
  };
}
