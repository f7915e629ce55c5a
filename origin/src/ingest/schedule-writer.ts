/**
 * Writes a normalized post (`ingest_verdicts` + `ingest_staging`) into epg_programs, inside the caller's
 * transaction. Per channel, the post covers the window [earliest start, latest stop) of its kept
 * programmes — never reaching outside the plausible range (plausible-range.ts), whatever was
 * staged — and inside it the post replaces what is stored:
 *
 *  - stored programmes straddling a window edge are cut back to their part outside the window
 *    (one spanning the whole window keeps its part before it) — `trimmed`;
 *  - a stored programme with the same channel, start and end as a posted one is the same slot:
 *    identical content is left alone (`unchanged`), different content is replaced in place,
 *    keeping its id (`updated`);
 *  - every other stored programme inside the window is deleted (`deleted`), every other posted
 *    one inserted (`inserted`).
 *
 * Concurrent posts touching the same channel are serialized by locking the channel rows in id
 * order (a consistent order, so two posts cannot deadlock); the later one applies to the result
 * of the earlier, and the no-overlap constraint holds throughout. The channels' assignments to
 * the posting provider are locked too, and checked again: an admin who unassigned one while the
 * upload ran wins (409, nothing written), and cannot unassign it while the write commits.
 */
import { ProblemError } from "@seeyoo/schema/wire";
import type pg from "pg";
import type { PlausibleRange } from "./plausible-range.ts";
import { CONTENT_COLUMNS, type KeptProgrammes } from "./schedule-normalizer.ts";

export interface WriteCounts {
  inserted: number;
  updated: number;
  deleted: number;
  trimmed: number;
  unchanged: number;
}

export interface WriteOutcome {
  counts: WriteCounts;
  /** Channels whose stored schedule differs after the write. */
  changedChannelIds: string[];
}

const SAME_SLOT = "p.channel_id = n.channel_id and p.start_time = n.start_time and p.end_time = n.end_time";

export async function writeSchedule(
  client: pg.PoolClient,
  providerId: string,
  range: PlausibleRange,
  kept: KeptProgrammes,
): Promise<WriteOutcome> {
  await client.query(
    "create temp table ingest_windows (channel_id uuid primary key, ws timestamptz, we timestamptz) on commit drop",
  );
  await client.query(
    `insert into ingest_windows
     select n.channel_id, greatest(min(n.start_time), $1), least(max(n.end_time), $2)
     from ${kept.slots} group by n.channel_id`,
    [range.earliestStart, range.writeEnd],
  );
  await client.query(
    "select c.id from channels c join ingest_windows w on w.channel_id = c.id order by c.id for no key update of c",
  );
  await stillAssigned(client, providerId);

  const changed = new Set<string>();
  const step = async (statement: string, params: unknown[] = []): Promise<number> => {
    const result = await client.query<{ channel_id: string; n: number }>(
      `with changed as (${statement} returning p.channel_id)
       select channel_id, count(*)::int as n from changed group by channel_id`,
      params,
    );
    let total = 0;
    for (const row of result.rows) {
      changed.add(row.channel_id);
      total += row.n;
    }
    return total;
  };

  const trimmedAtStart = await step(`
    update epg_programs p set end_time = w.ws from ingest_windows w
    where p.channel_id = w.channel_id and p.start_time < w.ws and p.end_time > w.ws`);
  const trimmedAtEnd = await step(`
    update epg_programs p set start_time = w.we from ingest_windows w
    where p.channel_id = w.channel_id and p.start_time >= w.ws and p.start_time < w.we and p.end_time > w.we`);
  const deleted = await step(`
    delete from epg_programs p using ingest_windows w
    where p.channel_id = w.channel_id and p.start_time >= w.ws and p.end_time <= w.we
      and not exists (select 1 from ${kept.slots} where ${SAME_SLOT})`);
  const updated = await step(
    `update epg_programs p
     set (${CONTENT_COLUMNS}, provider_id) = (n.title, n.subtitle, n.description, n.categories, n.season,
          n.episode, n.episode_onscreen, n.rating, n.image_url, $1::uuid)
     from ${kept.rows}
     where ${SAME_SLOT}
       and (p.title, p.subtitle, p.description, p.categories, p.season, p.episode, p.episode_onscreen,
            p.rating, p.image_url)
           is distinct from
           (n.title, n.subtitle, n.description, n.categories, n.season, n.episode, n.episode_onscreen,
            n.rating, n.image_url)`,
    [providerId],
  );
  const inserted = await step(
    `insert into epg_programs as p (channel_id, start_time, end_time, ${CONTENT_COLUMNS}, provider_id)
     select n.channel_id, n.start_time, n.end_time, n.title, n.subtitle, n.description, n.categories,
            n.season, n.episode, n.episode_onscreen, n.rating, n.image_url, $1::uuid
     from ${kept.rows}
     where not exists (select 1 from epg_programs p where ${SAME_SLOT})`,
    [providerId],
  );
  const unchanged = kept.count - inserted - updated;
  return {
    counts: { inserted, updated, deleted, trimmed: trimmedAtStart + trimmedAtEnd, unchanged },
    changedChannelIds: [...changed].sort(),
  };
}

/** Locks the provider's assignments of the post's channels; 409 when one of them is gone. */
async function stillAssigned(client: pg.PoolClient, providerId: string): Promise<void> {
  await client.query(
    `select 1 from provider_channels pc join ingest_windows w on w.channel_id = pc.channel_id
     where pc.provider_id = $1 order by pc.channel_id for key share of pc`,
    [providerId],
  );
  const { rows } = await client.query<{ n: number }>(
    `select count(*)::int as n from ingest_windows w
     where not exists (select 1 from provider_channels pc where pc.channel_id = w.channel_id and pc.provider_id = $1)`,
    [providerId],
  );
  if ((rows[0]?.n ?? 0) > 0) {
    throw new ProblemError(409, "conflict", "The provider's channel assignments changed during the post", {
      detail:
        "An admin unassigned a channel of this post while it was uploaded; nothing was written. Post again.",
    });
  }
}
