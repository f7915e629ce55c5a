/**
 * The schedule rules that make a post storable, in one place (docs/ingestion.md explains them):
 *
 *  - per record, as it streams in: zero-length and inverted programmes are rejected, and so are
 *    implausible ones (plausible-range.ts): a start outside the range (`start_out_of_range`), or
 *    more than 24 hours long (`too_long`);
 *  - per channel, set-based over the staging table once the post is complete:
 *      1. a missing stop is the start of the next programme on that channel that starts strictly
 *         later; the last programme without a stop has none and is rejected (`missing_stop`), one
 *         whose next programme starts more than 24 hours later is rejected too (`too_long`);
 *      2. overlaps: ordered by start, then document order, an earlier-starting programme is kept
 *         whole; a later one that starts before the end of everything kept so far starts at that
 *         end instead (`overlap_trimmed`, kept) or, when it ends there or earlier, is dropped
 *         (`overlap_contained`). What remains never overlaps;
 *      3. exact duplicates (same channel, times and content as an earlier programme) are dropped
 *         by rule 2 anyway, and reported as `duplicate`.
 *
 * Most files need none of this: every programme has a stop and, per channel in document order,
 * starts no earlier than the previous one stopped. For such a post (`NormalFormCheck`, tracked
 * while it streams in) the rules change nothing, so the set-based pass — its sorts and the join
 * back to the content — is skipped and the staged rows are written as they are.
 */
import type pg from "pg";
import type { IncomingProgramme } from "./incoming-programme.ts";
import { MAX_PROGRAMME_HOURS, type PlausibleRange } from "./plausible-range.ts";
import { reportedId } from "./reported-id.ts";

export type Verdict =
  | "kept"
  | "overlap_trimmed"
  | "overlap_contained"
  | "duplicate"
  | "missing_stop"
  | "too_long";

/** Verdicts whose programme is not stored. */
export const REJECTING_VERDICTS: ReadonlySet<Verdict> = new Set([
  "overlap_contained",
  "duplicate",
  "missing_stop",
  "too_long",
]);

export interface RecordRejection {
  code: "zero_length" | "inverted" | "start_out_of_range" | "too_long";
  message: string;
}

/** Why a programme cannot be stored as it stands, or null. Messages are built only for rejections. */
export function recordRejection(p: IncomingProgramme, range: PlausibleRange): RecordRejection | null {
  const start = p.start.getTime();
  if (start < range.earliestStart.getTime() || start > range.latestStart.getTime()) {
    return {
      code: "start_out_of_range",
      message:
        `programme on ${reportedId(p.channel)} starts at ${p.start.toISOString()}, outside ` +
        `${range.earliestStart.toISOString()} … ${range.latestStart.toISOString()}, skipped`,
    };
  }
  if (p.stop === null) return null;
  const length = p.stop.getTime() - start;
  if (length > 0 && length <= range.maxDurationMs) return null;
  const at = `programme on ${reportedId(p.channel)} at ${p.start.toISOString()}–${p.stop.toISOString()}`;
  if (length > 0) {
    return { code: "too_long", message: `${at} lasts more than ${MAX_PROGRAMME_HOURS} hours, skipped` };
  }
  return length === 0
    ? { code: "zero_length", message: `${at} has no length, skipped` }
    : { code: "inverted", message: `${at} stops before it starts, skipped` };
}

export interface VerdictSample {
  verdict: Exclude<Verdict, "kept">;
  pos: number | null;
  channelId: string;
  start: Date;
  /** For trims: the new start. */
  keptStart: Date;
  /** The stop it was given (null when it had none). */
  stop: Date | null;
}

/**
 * What the post keeps, as SQL relations aliased `n` for the writer: `rows` with the content
 * columns, `slots` with only `channel_id, start_time, end_time`.
 */
export interface KeptProgrammes {
  rows: string;
  slots: string;
  count: number;
}

export interface NormalizedSchedule {
  counts: Record<Verdict, number>;
  /** The first `sampleLimit` non-kept programmes in document order, for warnings. */
  samples: VerdictSample[];
  kept: KeptProgrammes;
}

export const CONTENT_COLUMNS =
  "title, subtitle, description, categories, season, episode, episode_onscreen, rating, image_url";

const KEPT_VERDICTS = "('kept', 'overlap_trimmed')";
/** Kept programmes with their content, joined back from staging by document position. */
const VERDICT_ROWS = `(select v.channel_id, v.start_time, v.end_time, ${CONTENT_COLUMNS.split(", ")
  .map((c) => `s.${c}`)
  .join(", ")}
  from ingest_verdicts v join ingest_staging s on s.seq = v.seq
  where v.verdict in ${KEPT_VERDICTS}) n`;
const VERDICT_SLOTS = `(select channel_id, start_time, end_time from ingest_verdicts
  where verdict in ${KEPT_VERDICTS}) n`;
const STAGED_ROWS = `(select channel_id, start_time, end_time, ${CONTENT_COLUMNS} from ingest_staging) n`;
const STAGED_SLOTS = "(select channel_id, start_time, end_time from ingest_staging) n";

/**
 * Whether a post is already normal, decided as its programmes stream in: each has a stop and
 * starts no earlier than the previous programme of its channel (in document order) stopped.
 */
export class NormalFormCheck {
  normal = true;
  readonly #lastStop = new Map<string, number>();

  see(channelId: string, start: Date, stop: Date | null): void {
    if (!this.normal) return;
    if (stop === null) {
      this.normal = false;
      return;
    }
    const last = this.#lastStop.get(channelId);
    if (last !== undefined && start.getTime() < last) this.normal = false;
    else this.#lastStop.set(channelId, stop.getTime());
  }
}

const noVerdicts = (): Record<Verdict, number> => ({
  kept: 0,
  overlap_trimmed: 0,
  overlap_contained: 0,
  duplicate: 0,
  missing_stop: 0,
  too_long: 0,
});

/**
 * Builds `ingest_verdicts` — per staged row its verdict and final times, narrow on purpose: the
 * sorts behind the window functions then stay in memory; content is joined back by `seq` only
 * where it is written (schedule-writer.ts).
 */
export async function normalizeStaged(
  client: pg.PoolClient,
  staged: { rows: number; normal: boolean },
  sampleLimit: number,
): Promise<NormalizedSchedule> {
  if (staged.normal) {
    return {
      counts: { ...noVerdicts(), kept: staged.rows },
      samples: [],
      kept: { rows: STAGED_ROWS, slots: STAGED_SLOTS, count: staged.rows },
    };
  }
  // Enough for the window sorts of a ~100k-programme post to stay in memory; bounded, and
  // reset at the end of the transaction.
  await client.query("set local work_mem = '32MB'");
  // One window pass decides missing stops and overlaps. An exact duplicate always lands in
  // "contained" (its twin ends where it ends), so only those few rows are compared by content.
  await client.query(`
    create temp table ingest_verdicts on commit drop as
    with resolved as (
      select seq, pos, channel_id, start_time,
             coalesce(end_time, first_value(start_time) over (
               partition by channel_id order by start_time
               range between interval '1 microsecond' following and unbounded following)) as stop
      from ingest_staging
    ),
    ordered as (
      select r.*, max(stop) over (
          partition by channel_id order by start_time, seq
          rows between unbounded preceding and 1 preceding) as prev_end
      from resolved r
      where stop is not null and stop <= start_time + interval '${MAX_PROGRAMME_HOURS} hours'
    )
    select seq, pos, channel_id, start_time as orig_start,
           greatest(start_time, coalesce(prev_end, start_time)) as start_time, stop as end_time,
           case when prev_end is null or prev_end <= start_time then 'kept'
                when stop > prev_end then 'overlap_trimmed'
                else 'overlap_contained' end as verdict
    from ordered
    union all
    select seq, pos, channel_id, start_time, start_time, stop,
           case when stop is null then 'missing_stop' else 'too_long' end
    from resolved
    where stop is null or stop > start_time + interval '${MAX_PROGRAMME_HOURS} hours'`);

  const counts = noVerdicts();
  const tally = async () => {
    const { rows } = await client.query<{ verdict: Verdict; n: number }>(
      "select verdict, count(*)::int as n from ingest_verdicts group by verdict",
    );
    for (const { verdict, n } of rows) counts[verdict] = n;
  };
  await tally();
  if (counts.overlap_contained > 0) {
    await client.query(`
      update ingest_verdicts v set verdict = 'duplicate'
      from ingest_staging s, ingest_staging x, ingest_verdicts xv
      where v.verdict = 'overlap_contained' and s.seq = v.seq
        and x.channel_id = s.channel_id and x.start_time = s.start_time and x.seq < s.seq
        and xv.seq = x.seq and xv.end_time = v.end_time
        and (x.title, x.subtitle, x.description, x.categories, x.season, x.episode, x.episode_onscreen,
             x.rating, x.image_url)
            is not distinct from
            (s.title, s.subtitle, s.description, s.categories, s.season, s.episode, s.episode_onscreen,
             s.rating, s.image_url)`);
    counts.overlap_contained = 0;
    await tally();
  }

  const sampled = await client.query<{
    verdict: VerdictSample["verdict"];
    pos: number | null;
    channel_id: string;
    orig_start: Date;
    start_time: Date;
    end_time: Date | null;
  }>(
    `select verdict, pos, channel_id, orig_start, start_time, end_time from ingest_verdicts
     where verdict <> 'kept' order by seq limit $1`,
    [sampleLimit],
  );
  return {
    counts,
    samples: sampled.rows.map((r) => ({
      verdict: r.verdict,
      pos: r.pos,
      channelId: r.channel_id,
      start: r.orig_start,
      keptStart: r.start_time,
      stop: r.end_time,
    })),
    kept: {
      rows: VERDICT_ROWS,
      slots: VERDICT_SLOTS,
      count: counts.kept + counts.overlap_trimmed,
    },
  };
}
