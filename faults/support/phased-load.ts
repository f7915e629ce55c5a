/**
 * A viewer load that keeps running while a test breaks something, with every answer filed under
 * the phase it came back in ("before", "redis down", …): status codes by route, which cache tier
 * answered (x-seeyoo-cache), Retry-After on refusals, and requests that got no answer at all.
 */
import { type MixRoute, runMixedLoad } from "../../bench/support/mixed-load.ts";

export interface PhaseRecord {
  /** route → status → count ("none" = no answer). */
  statuses: Record<string, Record<string, number>>;
  /** route → cache tier → count. */
  tiers: Record<string, Record<string, number>>;
  /** Refusals (5xx) without a Retry-After header. */
  refusalsWithoutRetryAfter: number;
}

export class PhasedLoad {
  readonly phases: Record<string, PhaseRecord> = {};
  #phase: string;
  readonly #stop = new AbortController();
  readonly #done: Promise<unknown>;

  constructor(baseUrl: string, routes: MixRoute[], connections: number, firstPhase: string) {
    this.#phase = firstPhase;
    this.#done = runMixedLoad(baseUrl, routes, {
      connections,
      durationS: 3_600,
      stop: this.#stop.signal,
      onAnswer: (answer) => {
        const record = this.#record();
        const status = answer.status === null ? "none" : String(answer.status);
        count(record.statuses, answer.route, status);
        if ("headers" in answer) {
          count(record.tiers, answer.route, String(answer.headers["x-seeyoo-cache"] ?? "-"));
          if (answer.status >= 500 && !(Number(answer.headers["retry-after"]) > 0)) {
            record.refusalsWithoutRetryAfter++;
          }
        }
      },
    });
  }

  /** Files the answers that arrive from now on under `name`. */
  phase(name: string): void {
    this.#phase = name;
  }

  async stop(): Promise<Record<string, PhaseRecord>> {
    this.#stop.abort();
    await this.#done;
    return this.phases;
  }

  /** Answers of a route in a phase that were not 2xx (or got no answer). */
  failures(phase: string, routes: string[]): number {
    const statuses = this.phases[phase]?.statuses ?? {};
    return routes.reduce(
      (sum, route) =>
        sum +
        Object.entries(statuses[route] ?? {})
          .filter(([status]) => !status.startsWith("2"))
          .reduce((n, [, count]) => n + count, 0),
      0,
    );
  }

  #record(): PhaseRecord {
    let record = this.phases[this.#phase];
    if (!record) {
      record = { statuses: {}, tiers: {}, refusalsWithoutRetryAfter: 0 };
      this.phases[this.#phase] = record;
    }
    return record;
  }
}

function count(table: Record<string, Record<string, number>>, route: string, value: string) {
  const row = table[route] ?? {};
  row[value] = (row[value] ?? 0) + 1;
  table[route] = row;
}

/** Sleeps. */
export const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
