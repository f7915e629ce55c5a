/**
 * Collects what a run has to tell its provider — channels seen and not assigned to it, counts, rejections by
 * reason, warnings — while the post streams through. Warnings are capped (the first
 * MAX_WARNINGS are kept, the rest only counted) so a broken 200 MB file cannot grow the report.
 */
import type { IngestReport, IngestRunStatus, IngestWarning } from "@seeyoo/schema/wire";
import type { IngestWarningInput } from "./incoming-programme.ts";
import { reportedId } from "./reported-id.ts";
import type { WriteCounts } from "./schedule-writer.ts";

export const MAX_WARNINGS = 100;
/** Distinct channel ids tracked per post; a real document has hundreds or thousands, not millions. */
const MAX_TRACKED_CHANNELS = 100_000;
export class IngestReportBuilder {
  readonly runId: string;
  readonly format: "xmltv" | "json";
  received = 0;
  #warnings: IngestWarning[] = [];
  #warningsDropped = 0;
  #rejected: Record<string, number> = {};
  #seen = new Set<string>();
  #lastSeen: string | undefined;
  #notAssigned = new Set<string>();

  constructor(runId: string, format: "xmltv" | "json") {
    this.runId = runId;
    this.format = format;
  }

  get rejected(): number {
    return Object.values(this.#rejected).reduce((a, b) => a + b, 0);
  }

  warn(warning: IngestWarningInput): void {
    if (this.#warnings.length >= MAX_WARNINGS) {
      this.#warningsDropped++;
      return;
    }
    this.#warnings.push(warning);
  }

  /** A programme of the post that is not stored; `warning` is omitted for summarised reasons. */
  reject(code: string, warning?: IngestWarningInput): void {
    this.#rejected[code] = (this.#rejected[code] ?? 0) + 1;
    if (warning) this.warn(warning);
  }

  /** Rejections summarised by the warnings already given for them. */
  rejectMany(code: string, count: number): void {
    if (count > 0) this.#rejected[code] = (this.#rejected[code] ?? 0) + count;
  }

  seeChannel(id: string): void {
    // Programmes come grouped by channel: most calls repeat the previous id.
    if (id === this.#lastSeen) return;
    this.#lastSeen = id;
    if (this.#seen.size < MAX_TRACKED_CHANNELS) this.#seen.add(reportedId(id));
  }

  /** Returns true the first time an id not assigned to the provider is met, so it is warned about once. */
  notAssigned(id: string): boolean {
    const key = reportedId(id);
    if (this.#notAssigned.has(key) || this.#notAssigned.size >= MAX_TRACKED_CHANNELS) return false;
    this.#notAssigned.add(key);
    return true;
  }

  build(outcome: {
    status: IngestRunStatus;
    contentHash: string | null;
    bytes: number;
    counts: WriteCounts;
    changedChannels: number;
    durationMs: number;
    error?: string;
  }): IngestReport {
    return {
      runId: this.runId,
      status: outcome.status,
      format: this.format,
      unchanged: outcome.status === "unchanged",
      contentHash: outcome.contentHash,
      bytes: outcome.bytes,
      channels: {
        seen: this.#seen.size,
        notAssigned: [...this.#notAssigned].slice(0, MAX_WARNINGS),
        notAssignedCount: this.#notAssigned.size,
        changed: outcome.changedChannels,
      },
      programmes: { received: this.received, ...outcome.counts, rejected: this.rejected },
      rejectedByReason: { ...this.#rejected },
      warnings: this.#warnings,
      warningsDropped: this.#warningsDropped,
      durationMs: outcome.durationMs,
      ...(outcome.error ? { error: outcome.error } : {}),
    };
  }
}

export const NO_WRITES: WriteCounts = { inserted: 0, updated: 0, deleted: 0, trimmed: 0, unchanged: 0 };
