/**
 * One EPG post, start to finish: recognise a re-post of applied content (nothing parsed or
 * written), otherwise stream the parsed programmes into a staging table, apply the schedule rules
 * and write the result — all in one transaction, so viewers see the whole post or none of it.
 * Every post is recorded in ingest_runs and counted in the ingest metrics; after a commit the
 * edge cache versions of exactly the changed channels are bumped.
 */
import { randomUUID } from "node:crypto";
import { type IngestReport, type IngestRunStatus, ProblemError } from "@seeyoo/schema/wire";
import type pg from "pg";
import type { IngestProvider } from "../admin/provider-store.ts";
import type { CacheInvalidator } from "../cache/cache-invalidator.ts";
import type { Logger } from "../logging/logger.ts";
import type { Metrics } from "../ops/metrics.ts";
import { ContentFingerprint } from "./content-fingerprint.ts";
import type { IncomingProgramme, IngestWarningInput, SourceItem } from "./incoming-programme.ts";
import { IngestProblem } from "./ingest-problem.ts";
import { IngestReportBuilder, MAX_WARNINGS, NO_WRITES } from "./ingest-report.ts";
import { latestAppliedRun, recordRun, stillApplied } from "./ingest-run-store.ts";
import { jsonItems } from "./json-source.ts";
import { checkRepost } from "./repost-detector.ts";
import {
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
  pool: pg.Pool;
  languages: string[];
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
    const id = randomUUID();
    const run: Run = {
      id,
      provider,
      format,
      startedAt: new Date(),
      t0: performance.now(),
      report: new IngestReportBuilder(id, format),
      fingerprint: new ContentFingerprint(),
      // What else decides the stored result besides the bytes: a language change is a change.
      hashContext: `${format}\n${this.#deps.languages.join(",")}`,
    };
    let dispose: (() => Promise<void>) | undefined;
    try {
      let source: AsyncIterable<Uint8Array>;
      const applied = await latestAppliedRun(this.#deps.pool, provider.id);
      if (applied) {
        const check = await checkRepost(body, run.fingerprint, applied, run.hashContext);
        dispose = check.dispose;
        if (check.identical && (await stillApplied(this.#deps.pool, applied, provider.id))) {
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
    }
  }

  async #apply(run: Run, source: AsyncIterable<Uint8Array>): Promise<IngestReport> {
    const { report } = run;
    const client = await this.#deps.pool.connect();
    let committed = false;
    try {
      await client.query("begin");
      await createStagingTable(client);
      const channelIds = await loadChannelIds(client);
      const writer = new StagingWriter(client);
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
          const channelId = channelIds.get(p.channel);
          if (channelId === undefined) {
            const first = report.unknownChannel(p.channel);
            report.reject(
              "unknown_channel",
              first
                ? {
                    code: "unknown_channel",
                    message: `no channel has the id ${JSON.stringify(p.channel)}; its programmes are skipped`,
                    ...where(run.format, p),
                  }
                : undefined,
            );
            continue;
          }
          const rejection = recordRejection(p);
          if (rejection) {
            report.reject(rejection.code, { ...rejection, ...where(run.format, p) });
            continue;
          }
          rows.push({ seq: seq++, pos: p.line ?? p.index ?? null, channelId, programme: p });
        }
        // Backpressure only: the parser keeps going while Postgres consumes the COPY.
        await writer.write(rows);
        rows.length = 0;
      }
      await writer.end();
      const contentHash = run.fingerprint.finish(run.hashContext);

      const normalized = await normalizeStaged(client, MAX_WARNINGS);
      const slugs = new Map([...channelIds].map(([slug, channelId]) => [channelId, slug]));
      for (const sample of normalized.samples) report.warn(sampleWarning(run.format, sample, slugs));
      for (const verdict of REJECTING_VERDICTS) report.rejectMany(verdict, normalized.counts[verdict]);
      const written = await writeSchedule(client, run.provider.id);
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
      // An aborted COPY or transaction leaves the connection unusable: drop it (the server rolls back).
      client.release(committed ? undefined : true);
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
    await recordRun(this.#deps.pool, {
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
      await recordRun(this.#deps.pool, {
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

async function loadChannelIds(client: pg.PoolClient): Promise<Map<string, string>> {
  const { rows } = await client.query<{ id: string; slug: string }>("select id, slug from channels");
  return new Map(rows.map((r) => [r.slug, r.id]));
}

function where(format: IngestFormat, p: IncomingProgramme): Partial<IngestWarningInput> {
  if (format === "json") return { path: `programmes.${p.index}` };
  return { element: "programme", ...(p.line === undefined ? {} : { line: p.line }) };
}

function sampleWarning(
  format: IngestFormat,
  sample: VerdictSample,
  slugs: ReadonlyMap<string, string>,
): IngestWarningInput {
  const at = `programme on ${slugs.get(sample.channelId) ?? sample.channelId} at ${sample.start.toISOString()}`;
  const message = {
    overlap_trimmed: `${at} overlaps an earlier one; it now starts at ${sample.keptStart.toISOString()}`,
    overlap_contained: `${at} lies within an earlier one, skipped`,
    duplicate: `${at} duplicates an earlier one, skipped`,
    missing_stop: `${at} has no stop and no later programme on its channel, skipped`,
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
