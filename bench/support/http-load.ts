/**
 * A fixed-duration load against one route with autocannon (keep-alive, pipelining 1), reduced to
 * the numbers the benches report. Only 2xx answers (or exactly `expectStatus`) count as throughput;
 * anything else is a failure.
 */
import autocannon from "autocannon";
import { round } from "./percentiles.ts";

export interface LoadSpec {
  url: string;
  method?: "GET" | "POST";
  body?: unknown;
  headers?: Record<string, string>;
  connections: number;
  durationS: number;
  expectStatus?: number;
}

export interface LoadResult {
  rps: number;
  p50_ms: number;
  p99_ms: number;
  requests: number;
  failures: number;
  statuses: Record<string, number>;
}

export async function runLoad(spec: LoadSpec): Promise<LoadResult> {
  const result = await autocannon({
    url: spec.url,
    method: spec.method ?? "GET",
    headers: { ...(spec.body === undefined ? {} : { "content-type": "application/json" }), ...spec.headers },
    ...(spec.body === undefined ? {} : { body: JSON.stringify(spec.body) }),
    connections: spec.connections,
    pipelining: 1,
    duration: spec.durationS,
    timeout: 30,
  });
  const statuses = Object.fromEntries(Object.entries(result.statusCodeStats).map(([s, v]) => [s, v.count]));
  const ok = spec.expectStatus === undefined ? result["2xx"] : (statuses[spec.expectStatus] ?? 0);
  const answered = Object.values(statuses).reduce((a, b) => a + b, 0);
  return {
    rps: round(ok / result.duration, 1),
    p50_ms: result.latency.p50,
    p99_ms: result.latency.p99,
    requests: ok,
    failures: answered - ok + result.errors + result.timeouts,
    statuses,
  };
}
