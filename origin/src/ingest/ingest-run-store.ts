/**
 * ingest_runs: one row per post (succeeded, unchanged, rejected or failed) with its counts and
 * report. A succeeded run also keeps its content fingerprint, which the next post of the same
 * provider is compared with (see repost-detector.ts).
 */
import { type IngestRunRow, ingestRuns } from "@seeyoo/schema/db";
import type { IngestReport, IngestRunDetail, IngestRunStatus, IngestRunSummary } from "@seeyoo/schema/wire";
import { desc, eq } from "drizzle-orm";
import type { Database, Queryable } from "../db/database.ts";
import type { AppliedContent } from "./repost-detector.ts";

export interface RunRecord {
  id: string;
  providerId: string;
  status: IngestRunStatus;
  startedAt: Date;
  report: IngestReport;
  /** Block hashes of a succeeded run's upload; stored beside the report. */
  blocks?: string[];
}

export interface AppliedRun extends AppliedContent {
  runId: string;
  startedAt: Date;
}

export async function recordRun(db: Queryable, run: RunRecord): Promise<void> {
  const r = run.report;
  await db.query(
    `insert into ingest_runs (id, provider_id, format, content_hash, status, programmes_inserted,
       programmes_updated, programmes_deleted, programmes_rejected, bytes, duration_ms, report, started_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)`,
    [
      run.id,
      run.providerId,
      r.format,
      r.contentHash,
      run.status,
      r.programmes.inserted,
      r.programmes.updated,
      r.programmes.deleted,
      r.programmes.rejected,
      r.bytes,
      r.durationMs,
      JSON.stringify(run.blocks ? { ...r, fingerprint: { blocks: run.blocks } } : r),
      run.startedAt,
    ],
  );
}

/** The provider's most recent applied run: what a re-post is compared with. */
export async function latestAppliedRun(db: Queryable, providerId: string): Promise<AppliedRun | null> {
  const { rows } = await db.query<{
    id: string;
    content_hash: string | null;
    bytes: string;
    blocks: string[] | null;
    started_at: Date;
  }>(
    `select id, content_hash, bytes, report->'fingerprint'->'blocks' as blocks, started_at from ingest_runs
     where provider_id = $1 and status = 'succeeded' order by started_at desc limit 1`,
    [providerId],
  );
  const row = rows[0];
  if (!row?.content_hash || !row.blocks) return null;
  return {
    runId: row.id,
    contentHash: row.content_hash,
    bytes: Number(row.bytes),
    blocks: row.blocks,
    startedAt: row.started_at,
  };
}

/**
 * Whether what `applied` wrote can still be what is stored: no other provider's run was applied
 * during or after it (its span ends after `applied` started) — a channel may have changed hands
 * and back since. (Changed assignments of this provider change the content hash instead.)
 * Conservative: a false "no" only costs a full, idempotent apply.
 */
export async function stillApplied(db: Queryable, applied: AppliedRun, providerId: string): Promise<boolean> {
  const { rows } = await db.query<{ clean: boolean }>(
    `select not exists (
        select 1 from ingest_runs r
        where r.status = 'succeeded' and r.provider_id is distinct from $1
          and r.started_at + r.duration_ms * interval '1 millisecond' >= $2) as clean`,
    [providerId, applied.startedAt],
  );
  return rows[0]?.clean === true;
}

const toSummary = (row: IngestRunRow): IngestRunSummary => ({
  id: row.id,
  providerId: row.providerId,
  format: row.format,
  status: row.status,
  contentHash: row.contentHash,
  programmesInserted: row.programmesInserted,
  programmesUpdated: row.programmesUpdated,
  programmesDeleted: row.programmesDeleted,
  programmesRejected: row.programmesRejected,
  bytes: row.bytes,
  durationMs: row.durationMs,
  startedAt: row.startedAt.toISOString(),
});

export async function listRuns(
  db: Database,
  options: { limit: number; providerId?: string },
): Promise<IngestRunSummary[]> {
  const rows = await db
    .select()
    .from(ingestRuns)
    .where(options.providerId ? eq(ingestRuns.providerId, options.providerId) : undefined)
    .orderBy(desc(ingestRuns.startedAt), desc(ingestRuns.id))
    .limit(options.limit);
  return rows.map(toSummary);
}

export async function getRun(db: Database, id: string): Promise<IngestRunDetail | null> {
  const [row] = await db.select().from(ingestRuns).where(eq(ingestRuns.id, id));
  if (!row) return null;
  // The fingerprint is bookkeeping for re-post detection, not part of the report.
  const { fingerprint: _, ...report } = row.report as Record<string, unknown>;
  return { ...toSummary(row), report };
}
