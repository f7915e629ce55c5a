/**
 * A closed-loop load over a mix of routes, as a crowd of viewers makes it: each connection sends
 * its next request as soon as the previous answer arrived, choosing the route at random by its
 * weight, over one keep-alive socket of its own. Every latency is recorded per route (no
 * histogram buckets: the samples are sorted at the end), and every answer that is not 2xx is
 * counted by route and status.
 */
import http from "node:http";
import { percentile, round } from "./percentiles.ts";

export interface MixRoute {
  name: string;
  /** Relative share of the requests. */
  weight: number;
  /** The next request of this route (path, and headers such as a viewer's token). */
  next(): { path: string; headers?: Record<string, string> };
}

export interface RouteResult {
  requests: number;
  share: number;
  p50_ms: number;
  p99_ms: number;
  non_2xx: number;
  statuses: Record<string, number>;
}

export interface MixedLoadResult {
  requests: number;
  requests_per_s: number;
  seconds: number;
  non_2xx: number;
  /** Requests that got no answer at all (connection errors). */
  errors: number;
  routes: Record<string, RouteResult>;
}

export interface Answer {
  route: string;
  status: number;
  headers: http.IncomingHttpHeaders;
  ms: number;
}

export interface MixedLoadOptions {
  connections: number;
  durationS: number;
  /** Ends the load early. */
  stop?: AbortSignal;
  /** Sees every answer (for callers that sort them by phase); null status: no answer at all. */
  onAnswer?(answer: Answer | { route: string; status: null; error: string }): void;
}

function get(
  agent: http.Agent,
  base: URL,
  path: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: http.IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const req = http.request(new URL(path, base), { method: "GET", agent, headers }, (res) => {
      res.resume();
      res.on("end", () => resolve({ status: res.statusCode ?? 0, headers: res.headers }));
      res.on("error", reject);
    });
    req.setTimeout(30_000, () => req.destroy(new Error("timeout")));
    req.on("error", reject);
    req.end();
  });
}

export async function runMixedLoad(
  baseUrl: string,
  routes: MixRoute[],
  options: MixedLoadOptions,
): Promise<MixedLoadResult> {
  const { connections, durationS, stop, onAnswer } = options;
  const agent = new http.Agent({ keepAlive: true, maxSockets: connections });
  const base = new URL(baseUrl);
  const totalWeight = routes.reduce((sum, r) => sum + r.weight, 0);
  const pick = () => {
    let x = Math.random() * totalWeight;
    for (const route of routes) {
      x -= route.weight;
      if (x < 0) return route;
    }
    return routes[routes.length - 1] as MixRoute;
  };
  const latencies = new Map(routes.map((r) => [r.name, [] as number[]]));
  const statuses = new Map(routes.map((r) => [r.name, {} as Record<string, number>]));
  let errors = 0;
  const started = performance.now();
  const deadline = started + durationS * 1000;

  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (performance.now() < deadline && !stop?.aborted) {
        const route = pick();
        const { path, headers = {} } = route.next();
        const sent = performance.now();
        try {
          const answer = await get(agent, base, path, headers);
          const ms = performance.now() - sent;
          latencies.get(route.name)?.push(ms);
          const counts = statuses.get(route.name) as Record<string, number>;
          counts[answer.status] = (counts[answer.status] ?? 0) + 1;
          onAnswer?.({ route: route.name, status: answer.status, headers: answer.headers, ms });
        } catch (error) {
          errors++;
          onAnswer?.({ route: route.name, status: null, error: (error as Error).message });
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();

  const result: Record<string, RouteResult> = {};
  let requests = 0;
  let non2xx = 0;
  for (const route of routes) {
    const samples = (latencies.get(route.name) ?? []).sort((a, b) => a - b);
    const counts = statuses.get(route.name) ?? {};
    const bad = Object.entries(counts)
      .filter(([status]) => !status.startsWith("2"))
      .reduce((sum, [, n]) => sum + n, 0);
    requests += samples.length;
    non2xx += bad;
    result[route.name] = {
      requests: samples.length,
      share: 0,
      p50_ms: round(percentile(samples, 50)),
      p99_ms: round(percentile(samples, 99)),
      non_2xx: bad,
      statuses: counts,
    };
  }
  for (const r of Object.values(result)) r.share = round(r.requests / Math.max(requests, 1), 3);
  return {
    requests,
    requests_per_s: round(requests / seconds, 1),
    seconds: round(seconds, 1),
    non_2xx: non2xx,
    errors,
    routes: result,
  };
}
