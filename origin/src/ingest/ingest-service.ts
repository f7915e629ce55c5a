/**
 * One EPG post, start to finish: take the provider's ingest slot (one post at a time, on the
 * ingest pool), recognise a re-post of applied content (nothing parsed or written), otherwise
 * stream the parsed programmes of the provider's assigned channels into a staging table, apply
 * the schedule rules and write the result — all in one transaction, so viewers see the whole post
 * or none of it. Every post that got its slot is recorded in ingest_runs and counted in the
 * ingest metrics; after a commit the edge cache versions of exactly the changed channels are bumped.
 */
import { createHash, randomUUID } from "node:crypto";
import { type IngestReport, type IngestRunStatus, ProblemError } from "@seeyoo/schema/wire";
import type pg from "pg";
import { assignedChannels } from "../admin/provider-channel-store.ts";
import type { IngestProvider } from "../admin/provider-store.ts";
import type { CacheInvalidator } from "../cache/cache-invalidator.ts";
import type { Logger } from "../logging/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { ContentFingerprint } from "./content-fingerprint.ts";
import type { IncomingProgramme, IngestWarningInput, SourceItem } from "./incoming-programme.ts";
import { IngestProblem } from "./ingest-problem.ts";
import { IngestReportBuilder, MAX_WARNINGS, NO_WRITES } from "./ingest-report.ts";
import { latestAppliedRun, recordRun, stillApplied } from "./ingest-run-store.ts";
import { IngestSlot } from "./ingest-slot.ts";
import { jsonItems } from "./json-source.ts";
import {
  type IngestHorizon,
  MAX_PROGRAMME_HOURS,
  type PlausibleRange,
  plausibleRange,
} from "./plausible-range.ts";
import { reportedId } from "./reported-id.ts";
import { checkRepost } from "./repost-detector.ts";
import {
  NormalFormCheck,
  normalizeStaged,
  REJECTING_VERDICTS,
  recordRejection,
  type VerdictSample,
} from "./schedule-normalizer.ts";
import { writeSchedule } from "./schedule-writer.ts";
import { createStagingTable, type StagedProgramme, StagingWriter } from "./staging-table.ts";
import { xmltvItems } from "./xmltv-source.ts";

export type IngestFormat = "xmltv" | "json";

export interface IngestDeps {
  /** The ingest pool: every post holds one of its connections for its whole run. */
  pool: pg.Pool;
  languages: string[];
  horizon: IngestHorizon;
  /** The upload limit, which also caps the re-post spool. */
  bodyLimitBytes: number;
  metrics: Metrics;
  logger: Logger;
  cache: CacheInvalidator;
}

/** State of one run, shared by its phases. */
interface Run {
  id: string;
  provider: IngestProvider;
  format: IngestFormat;
  startedAt: Date;
  t0: number;
  report: IngestReportBuilder;
  fingerprint: ContentFingerprint;
  hashContext: string;
  /** The provider's channel id → our channel id, as they were when the post began. */
  assignments: Map<string, string>;
  range: PlausibleRange;
  slot: IngestSlot;
}

export class IngestService {
  readonly #deps: IngestDeps;

  constructor(deps: IngestDeps) {
    this.#deps = deps;
  }

  async ingest(
    provider: IngestProvider,
    format: IngestFormat,
    body: AsyncIterable<Uint8Array>,
  ): Promise<IngestReport> {
    // Refused (409/503) before anything is read or recorded.
    const slot = await IngestSlot.acquire(this.#deps.pool, provider.id);
    const id = randomUUID();
    const startedAt = new Date();
    const run: Run = {
      id,
      provider,
      format,
      startedAt,
      t0: performance.now(),
      report: new IngestReportBuilder(id, format),
      fingerprint: new ContentFingerprint(),
      hashContext: "",
      assignments: new Map(),
      range: plausibleRange(startedAt, this.#deps.horizon),
      slot,
    };
    let dispose: (() => Promise<void>) | undefined;
    try {
      run.assignments = await assignedChannels(slot.client, provider.id);
      // What else decides the stored result besides the bytes: a language or an assignment change
      // is a change.
      run.hashContext = `${format}\n${this.#deps.languages.join(",")}\n${assignmentsDigest(run.assignments)}`;
      let source: AsyncIterable<Uint8Array>;
      const applied = await latestAppliedRun(slot.client, provider.id);
      if (applied) {
        const check = await checkRepost(
          body,
          run.fingerprint,
          applied,
          run.hashContext,
          this.#deps.bodyLimitBytes,
        );
        dispose = check.dispose;
        if (check.identical && (await stillApplied(slot.client, applied, provider.id))) {
          return await this.#finishUnchanged(run);
        }
        source = check.source;
      } else {
        source = run.fingerprint.tap(body);
      }
      return await this.#apply(run, source);
    } catch (error) {
      throw await this.#finishFailed(run, error);
    } finally {
      await dispose?.();
      await slot.release();
    }
  }

  async #apply(run: Run, source: AsyncIterable<Uint8Array>): Promise<IngestReport> {
    const { report, assignments } = run;
    const client = run.slot.client;
    let committed = false;
    try {
      await client.query("begin");
      await createStagingTable(client);
      const writer = new StagingWriter(client);
      const normalForm = new NormalFormCheck();
      let seq = 0;
      const rows: StagedProgramme[] = [];
      for await (const batch of this.#items(run, source)) {
        for (const item of batch) {
          if (item.kind === "channel") {
            report.seeChannel(item.channel.id);
            continue;
          }
          const p = item.programme;
          report.received++;
          report.seeChannel(p.channel);
          const channelId = assignments.get(p.channel);
          if (channelId === undefined) {
            const first = report.notAssigned(p.channel);
            report.reject(
              "not_assigned",
              first
                ? {
                    code: "not_assigned",
                    message: `the channel id ${JSON.stringify(reportedId(p.channel))} is not assigned to this provider; its programmes are skipped`,
                    ...where(run.format, p),
                  }
                : undefined,
            );
            continue;
          }
          const rejection = recordRejection(p, run.range);
          if (rejection) {
            report.reject(rejection.code, { ...rejection, ...where(run.format, p) });
            continue;
          }
          normalForm.see(channelId, p.start, p.stop);
          rows.push({ seq: seq++, pos: p.line ?? p.index ?? null, channelId, programme: p });
        }
        // Backpressure only: the parser keeps going while Postgres consumes the COPY.
        await writer.write(rows);
        rows.length = 0;
      }
      await writer.end();
      const contentHash = run.fingerprint.finish(run.hashContext);

      const normalized = await normalizeStaged(
        client,
        { rows: writer.rows, normal: normalForm.normal },
        MAX_WARNINGS,
      );
      const idsOf = new Map(
        [...assignments].map(([providerChannelId, channelId]) => [channelId, providerChannelId]),
      );
      for (const sample of normalized.samples) report.warn(sampleWarning(run.format, sample, idsOf));
      for (const verdict of REJECTING_VERDICTS) report.rejectMany(verdict, normalized.counts[verdict]);
      const written = await writeSchedule(client, run.provider.id, run.range, normalized.kept);
      const result = report.build({
        status: "succeeded",
        contentHash,
        bytes: run.fingerprint.bytes,
        counts: written.counts,
        changedChannels: written.changedChannelIds.length,
        durationMs: elapsedMs(run),
      });
      await recordRun(client, {
        id: run.id,
        providerId: run.provider.id,
        status: "succeeded",
        startedAt: run.startedAt,
        report: result,
        blocks: run.fingerprint.blocks,
      });
      await client.query("commit");
      committed = true;

      await this.#deps.cache.bumpChannels(written.changedChannelIds);
      const c = written.counts;
      this.#deps.metrics.ingestProgrammes.inc(c.inserted + c.updated + c.trimmed);
      this.#observe(run, result);
      return result;
    } finally {
      // An aborted COPY or transaction leaves the connection unusable: drop it (the server rolls
      // back, and the provider's lock ends with the session).
      if (!committed) run.slot.discard();
    }
  }

  #items(run: Run, source: AsyncIterable<Uint8Array>): AsyncIterable<SourceItem[]> {
    if (run.format === "json") return jsonItems(source);
    return xmltvItems(source, this.#deps.languages, (warning, skippedProgramme) => {
      if (!skippedProgramme) return run.report.warn(warning);
      run.report.received++;
      run.report.reject(warning.code, warning);
    });
  }

  async #finishUnchanged(run: Run): Promise<IngestReport> {
    const result = run.report.build({
      status: "unchanged",
      contentHash: run.fingerprint.finish(run.hashContext),
      bytes: run.fingerprint.bytes,
      counts: NO_WRITES,
      changedChannels: 0,
      durationMs: elapsedMs(run),
    });
    await recordRun(run.slot.client, {
      id: run.id,
      providerId: run.provider.id,
      status: "unchanged",
      startedAt: run.startedAt,
      report: result,
    });
    this.#observe(run, result);
    return result;
  }

  /** Records a rejected (client's fault) or failed run; returns the error to throw. */
  async #finishFailed(run: Run, error: unknown): Promise<unknown> {
    const rejected = error instanceof ProblemError && error.status < 500;
    const status: IngestRunStatus = rejected ? "rejected" : "failed";
    const result = run.report.build({
      status,
      contentHash: null,
      bytes: run.fingerprint.bytes,
      counts: NO_WRITES,
      changedChannels: 0,
      durationMs: elapsedMs(run),
      error: error instanceof Error ? error.message : String(error),
    });
    try {
      await recordRun(run.slot.queryable, {
        id: run.id,
        providerId: run.provider.id,
        status,
        startedAt: run.startedAt,
        report: result,
      });
    } catch (recordError) {
      this.#deps.logger.error(
        { runId: run.id, err: (recordError as Error).message },
        "could not record ingest run",
      );
    }
    this.#observe(run, result);
    return rejected ? IngestProblem.withRunId(error, run.id) : error;
  }

  #observe(run: Run, result: IngestReport): void {
    this.#deps.metrics.ingestRuns.inc({ outcome: result.status });
    this.#deps.metrics.ingestDuration.observe(result.durationMs / 1000);
    this.#deps.logger.info(
      {
        runId: run.id,
        providerId: run.provider.id,
        format: run.format,
        status: result.status,
        programmes: result.programmes,
        durationMs: result.durationMs,
      },
      "ingest run",
    );
  }
}

/** Identifies the assignment set a post was applied with (part of its content hash). */
function assignmentsDigest(assignments: ReadonlyMap<string, string>): string {
  const hash = createHash("sha256");
  for (const [providerChannelId, channelId] of [...assignments].sort(([a], [b]) =>
    a < b ? -1 : a > b ? 1 : 0,
  )) {
    hash.update(`${providerChannelId}\t${channelId}\n`);
  }
  return hash.digest("hex");
}

function where(format: IngestFormat, p: IncomingProgramme): Partial<IngestWarningInput> {
  if (format === "json") return { path: `programmes.${p.index}` };
  return { element: "programme", ...(p.line === undefined ? {} : { line: p.line }) };
}

function sampleWarning(
  format: IngestFormat,
  sample: VerdictSample,
  providerIds: ReadonlyMap<string, string>,
): IngestWarningInput {
  const at = `programme on ${providerIds.get(sample.channelId) ?? sample.channelId} at ${sample.start.toISOString()}`;
  const message = {
    overlap_trimmed: `${at} overlaps an earlier one; it now starts at ${sample.keptStart.toISOString()}`,
    overlap_contained: `${at} lies within an earlier one, skipped`,
    duplicate: `${at} duplicates an earlier one, skipped`,
    missing_stop: `${at} has no stop and no later programme on its channel, skipped`,
    too_long: `${at} has no stop and the next programme starts at ${sample.stop?.toISOString()}, more than ${MAX_PROGRAMME_HOURS} hours later; skipped`,
  }[sample.verdict];
  const location =
    format === "json"
      ? { path: `programmes.${sample.pos}` }
      : { element: "programme", ...(sample.pos === null ? {} : { line: sample.pos }) };
  return { code: sample.verdict, message, ...location };
}

function elapsedMs(run: Run): number {
  return Math.round(performance.now() - run.t0);
}
