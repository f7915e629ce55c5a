/**
 * Load (issue #10 §5): BENCH_LOAD_CONNECTIONS (200) connections for BENCH_LOAD_SECONDS (60) over a
 * viewer mix — now/next 70 %, the default grid 15 %, one channel's schedule 5 %, favourites 10 %
 * (20 signed-in viewers) — while a provider posts a guide update every BENCH_LOAD_INGEST_SECONDS
 * (10): two channels' next hour each time, so every post changes the guide and bumps versions.
 *
 * The stack is `npm start`'s, each piece in its own process: an embedded Postgres of the bench's
 * own with pg_stat_statements preloaded (so statements are counted per role: the edge connects as
 * a role of its own), a redis-server of its own with its Upstash bridge, the Neon proxy, the
 * origin, and the Worker under `wrangler dev`. Demo seed (20 channels) and a week of XMLTV posted
 * through the ingest API first.
 *
 * Last line: JSON with requests_per_s, p50/p99 per route, non_2xx (goal 0) and
 * pg_queries_per_1k_requests (the edge's statements per 1,000 requests; goal ≤ 5) — plus the
 * origin's statements (the ingests) separately.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type BenchRun, runBench } from "./support/bench-run.ts";
import { startDemoStack } from "./support/demo-stack.ts";
import { EDGE_ROLE, resetStatements, statementsByRole, topStatements } from "./support/embedded-database.ts";
import { type MixRoute, runMixedLoad } from "./support/mixed-load.ts";
import { round } from "./support/percentiles.ts";

const envInt = (name: string, fallback: number) => Number(process.env[name] ?? fallback);
const CONNECTIONS = envInt("BENCH_LOAD_CONNECTIONS", 200);
const SECONDS = envInt("BENCH_LOAD_SECONDS", 60);
const INGEST_EVERY_S = envInt("BENCH_LOAD_INGEST_SECONDS", 10);
const VIEWERS = 20;
const PG_GOAL = 5;
const MIX = { now_next: 70, grid: 15, schedule: 5, favorites: 10 };
const say = (message: string) => console.log(`[load-bench] ${message}`);

const HOUR = 3_600_000;
const xmltvTime = (ms: number) => `${new Date(ms).toISOString().replace(/[-:T]/g, "").slice(0, 14)} +0000`;

/** A provider's guide update: two channels' next full hour, new titles each time. */
function guideUpdate(slugs: string[], n: number): string {
  const start = Math.ceil(Date.now() / HOUR) * HOUR + HOUR;
  const programmes = [0, 1].map((k) => {
    const slug = slugs[(2 * n + k) % slugs.length] as string;
    return `<programme start="${xmltvTime(start)}" stop="${xmltvTime(start + HOUR)}" channel="${slug}"><title>Live update ${n}</title></programme>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>\n<tv>\n${programmes.join("\n")}\n</tv>\n`;
}

async function main(run: BenchRun): Promise<Record<string, unknown>> {
  const stateDir = mkdtempSync(join(tmpdir(), "seeyoo-load-bench-"));
  run.onCleanup(() => rmSync(stateDir, { recursive: true, force: true }));

  const stack = await startDemoStack(run, stateDir, { statements: true, namespace: "seeyoo-load" });
  const { database, channelIds } = stack;
  await stack.postWeek();
  const tokens = (await stack.signUpViewers(VIEWERS)).map((v) => v.token);
  say(`stack ready: ${channelIds.length} channels, a week of guide, ${tokens.length} viewers`);
  const edge = await stack.startEdge("edge");
  const slugs = (
    await stack.sql<{ slug: string }>("select slug from channels where active order by number")
  ).map((r) => r.slug);
  const pick = <T>(items: readonly T[]) => items[Math.floor(Math.random() * items.length)] as T;
  const routes: MixRoute[] = [
    { name: "now_next", weight: MIX.now_next, next: () => ({ path: "/v1/epg/now" }) },
    { name: "grid", weight: MIX.grid, next: () => ({ path: "/v1/epg" }) },
    {
      name: "schedule",
      weight: MIX.schedule,
      next: () => ({ path: `/v1/channels/${pick(channelIds)}/epg` }),
    },
    {
      name: "favorites",
      weight: MIX.favorites,
      next: () => ({ path: "/v1/me/favorites", headers: { authorization: `Bearer ${pick(tokens)}` } }),
    },
  ];
  say(`warming up (${Math.min(CONNECTIONS, 20)} connections, 5 s)`);
  await runMixedLoad(edge.url, routes, { connections: Math.min(CONNECTIONS, 20), durationS: 5 });

  await resetStatements(database.adminUrl);
  const ingests: { status: number; changed: number }[] = [];
  let posting = Promise.resolve();
  const ticker = setInterval(() => {
    posting = posting.then(async () => {
      const res = await stack.postXmltv(guideUpdate(slugs, ingests.length));
      const report = (await res.json().catch(() => ({}))) as { channels?: { changed?: number } };
      ingests.push({ status: res.status, changed: report.channels?.changed ?? 0 });
    });
  }, INGEST_EVERY_S * 1000);
  say(`load: ${CONNECTIONS} connections × ${SECONDS} s, a guide update every ${INGEST_EVERY_S} s`);
  let load: Awaited<ReturnType<typeof runMixedLoad>>;
  try {
    load = await runMixedLoad(edge.url, routes, { connections: CONNECTIONS, durationS: SECONDS });
  } finally {
    clearInterval(ticker);
    await posting;
  }
  const byRole = await statementsByRole(database.adminUrl);
  const edgeStatements = byRole[EDGE_ROLE] ?? 0;
  const allStatements = Object.values(byRole).reduce((a, b) => a + b, 0);
  for (const top of await topStatements(database.adminUrl, EDGE_ROLE)) {
    say(`edge statement ×${top.calls}: ${top.query}`);
  }
  for (const [name, r] of Object.entries(load.routes)) {
    say(
      `${name}: ${r.requests} (${r.share * 100} %), p50 ${r.p50_ms} ms, p99 ${r.p99_ms} ms, ${JSON.stringify(r.statuses)}`,
    );
  }
  const perThousand = round((edgeStatements / Math.max(load.requests, 1)) * 1000, 2);
  say(
    `goal non_2xx = 0: ${load.non_2xx} (+ ${load.errors} without an answer) → ${load.non_2xx + load.errors === 0 ? "PASS" : "FAIL"}`,
  );
  say(
    `goal pg_queries_per_1k_requests <= ${PG_GOAL}: ${perThousand} → ${perThousand <= PG_GOAL ? "PASS" : "FAIL"}`,
  );

  return {
    bench: "load",
    connections: CONNECTIONS,
    seconds: load.seconds,
    mix_percent: MIX,
    requests: load.requests,
    requests_per_s: load.requests_per_s,
    routes: Object.fromEntries(
      Object.entries(load.routes).map(([name, r]) => [
        name,
        { requests: r.requests, share: r.share, p50_ms: r.p50_ms, p99_ms: r.p99_ms, non_2xx: r.non_2xx },
      ]),
    ),
    non_2xx: load.non_2xx,
    no_answer: load.errors,
    ingests: ingests.length,
    ingests_ok: ingests.filter((i) => i.status === 200).length,
    pg_counter: `pg_stat_statements (embedded Postgres, preloaded): calls of top-level statements by the edge's role ${EDGE_ROLE}`,
    pg_edge_statements: edgeStatements,
    pg_queries_per_1k_requests: perThousand,
    pg_all_statements: allStatements,
    pg_all_per_1k_requests: round((allStatements / Math.max(load.requests, 1)) * 1000, 2),
    goals: {
      non_2xx: 0,
      non_2xx_met: load.non_2xx + load.errors === 0,
      pg_queries_per_1k_requests_max: PG_GOAL,
      pg_queries_met: perThousand <= PG_GOAL,
    },
  };
}

await runBench(main);
