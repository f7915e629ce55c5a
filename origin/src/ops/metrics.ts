/**
 * Prometheus metrics of one origin instance. Each app gets its own registry so that several
 * instances (as in tests) never collide on metric names.
 */
import { Counter, collectDefaultMetrics, Histogram, Registry } from "prom-client";

export function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  const labelNames = ["route", "method", "status"] as const;
  return {
    registry,
    httpRequests: new Counter({
      name: "http_requests_total",
      help: "HTTP requests by route template, method and status",
      labelNames,
      registers: [registry],
    }),
    httpDuration: new Histogram({
      name: "http_request_duration_seconds",
      help: "HTTP request duration by route template, method and status",
      labelNames,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    passwordChecks: new Counter({
      name: "auth_password_checks_total",
      help: "bcrypt comparisons made by logins (unknown emails are compared against a dummy hash too)",
      registers: [registry],
    }),
    refreshReuse: new Counter({
      name: "auth_refresh_reuse_detected_total",
      help: "Refresh tokens presented after rotation (their family was revoked)",
      registers: [registry],
    }),
    cacheInvalidationFailures: new Counter({
      name: "cache_invalidation_failures_total",
      help: "Cache version mirror writes (and per-user cache drops) that could not reach Redis",
      registers: [registry],
    }),
    ingestRuns: new Counter({
      name: "ingest_runs_total",
      help: "EPG ingest runs by outcome",
      labelNames: ["outcome"] as const,
      registers: [registry],
    }),
    ingestProgrammes: new Counter({
      name: "ingest_programmes_written_total",
      help: "EPG programmes written by ingest runs",
      registers: [registry],
    }),
    ingestDuration: new Histogram({
      name: "ingest_duration_seconds",
      help: "EPG ingest run duration",
      buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120],
      registers: [registry],
    }),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;
