/**
 * Guide search benchmark (`npm run bench:search`, issue 13 §1): a fresh database holding a
 * realistic German/English week — 300 channels × 7 days ≈ 100k programmes, deterministic seed —
 * then 50 realistic searches (prefixes, typos, phrases, accents, word forms, common words,
 * channel lists and other windows) through the edge's own query module, each followed by an
 * indexed primary-key lookup of a programme on the same connection: the baseline, measured in
 * the same run. ROUNDS rounds after one untimed warm-up round; percentiles over every sample.
 * Goal: search p99 ≤ 5 × lookup p99.
 *
 * Before measuring it runs VACUUM ANALYZE, as autovacuum does after a large ingest (it also
 * empties the GIN indexes' pending lists). The last line printed is the JSON summary; the table
 * before it (stderr) lists each search with its result count and first hit.
 *
 * Env: BENCH_DATABASE_URL (else a fresh database on the local Postgres, dropped afterwards),
 *      BENCH_SEARCH_ROUNDS (5), BENCH_SEARCH_SEED (13).
 */

import { type GuideSearchHit, searchGuide } from "@seeyoo/edge/guide-search-queries";
import { programmeColumnsSql } from "@seeyoo/edge/programme-row";
import { searchWindow } from "@seeyoo/edge/search-window";
import { openDatabase } from "@seeyoo/origin/database";
import { searchTermsOf } from "@seeyoo/schema/wire";
import { sql } from "drizzle-orm";
import { generateGuide } from "./search/guide-generator.ts";
import { loadGuide } from "./search/guide-loader.ts";
import { BENCH_SEARCHES, type BenchSearch } from "./search/search-queries.ts";
import { provisionBenchDatabase } from "./support/bench-database.ts";
import { runBench } from "./support/bench-run.ts";
import { percentile, round } from "./support/percentiles.ts";

const ROUNDS = Number(process.env.BENCH_SEARCH_ROUNDS ?? 5);
const SEED = Number(process.env.BENCH_SEARCH_SEED ?? 13);
const CHANNELS = 300;
const DAYS = 7;
const LIMIT = 20;
const RATIO_GOAL = 5;
const HOUR = 3_600_000;

const say = (message: string) => console.error(`[search-bench] ${message}`);

function windowOf(search: BenchSearch, now: Date) {
  const at = (hours: number | undefined) =>
    hours === undefined ? undefined : new Date(now.getTime() + hours * HOUR).toISOString();
  return searchWindow({ from: at(search.fromHours), to: at(search.toHours) }, now);
}

runBench(async (run) => {
  const database = await provisionBenchDatabase(run);
  const { pool, db } = openDatabase(database.url, { max: 1 });
  run.onCleanup(() => pool.end());

  const firstDay = new Date();
  firstDay.setUTCHours(0, 0, 0, 0);
  const guide = generateGuide({ channels: CHANNELS, days: DAYS, firstDay, seed: SEED });
  const loadStarted = performance.now();
  const channelIds = await loadGuide(pool, guide);
  const loadMs = performance.now() - loadStarted;
  await pool.query("vacuum analyze");
  const sizes = await pool.query<{ table_mb: number; search_indexes_mb: number; words: number }>(`
    select pg_table_size('epg_programs') / 1048576.0 as table_mb,
           (pg_relation_size('epg_programs_search_title_idx') + pg_relation_size('epg_programs_search_text_idx')
            + pg_relation_size('epg_programs_start_idx') + pg_relation_size('epg_programs_airing_idx')
            + pg_total_relation_size('search_words')) / 1048576.0 as search_indexes_mb,
           (select count(*)::int from search_words) as words`);
  say(
    `${database.origin}: ${guide.programmes.length} programmes on ${CHANNELS} channels loaded in ${round(loadMs)} ms`,
  );

  const { rows: idRows } = await pool.query<{ id: string }>(
    "select id from epg_programs order by md5(id::text) limit $1",
    [BENCH_SEARCHES.length],
  );
  const lookupIds = idRows.map((r) => r.id);
  const now = new Date();
  const searches = BENCH_SEARCHES.map((search) => ({
    search,
    terms: searchTermsOf(search.q),
    window: windowOf(search, now),
    channelIds: search.channels ? channelIds.slice(0, search.channels) : null,
  }));

  const searchMs: number[] = [];
  const lookupMs: number[] = [];
  const perSearch = searches.map(() => [] as number[]);
  const firstHits: GuideSearchHit[][] = [];
  for (let r = 0; r <= ROUNDS; r++) {
    const timed = r > 0; // round 0 warms caches and plans
    for (const [i, { terms, window, channelIds: ids }] of searches.entries()) {
      const started = performance.now();
      const hits = await searchGuide(db, {
        words: terms.words,
        phrases: terms.phrases,
        from: window.from,
        to: window.to,
        channelIds: ids,
        limit: LIMIT,
      });
      const searched = performance.now();
      await db.execute(sql`select ${programmeColumnsSql} from epg_programs p where p.id = ${lookupIds[i]}`);
      const looked = performance.now();
      if (!timed) firstHits.push(hits);
      else {
        searchMs.push(searched - started);
        lookupMs.push(looked - searched);
        perSearch[i]?.push(searched - started);
      }
    }
  }

  for (const [i, { search }] of searches.entries()) {
    const hits = firstHits[i] ?? [];
    const median = percentile(
      [...(perSearch[i] ?? [])].sort((a, b) => a - b),
      50,
    );
    const first = hits[0] ? `${hits[0].titleMatch ? "title" : "other"}: ${hits[0].programme.title}` : "—";
    say(
      `${search.kind.padEnd(9)} ${JSON.stringify(search.q).padEnd(34)} ${String(hits.length).padStart(2)} hits  ${round(median, 3).toFixed(3)} ms  ${first}`,
    );
  }

  const sortedSearch = [...searchMs].sort((a, b) => a - b);
  const sortedLookup = [...lookupMs].sort((a, b) => a - b);
  const searchP99 = percentile(sortedSearch, 99);
  const lookupP99 = percentile(sortedLookup, 99);
  const slowest = perSearch
    .map((ms, i) => ({ q: BENCH_SEARCHES[i]?.q, ms: Math.max(...ms) }))
    .sort((a, b) => b.ms - a.ms)[0];
  const ratio = searchP99 / lookupP99;
  const size = sizes.rows[0];
  return {
    programmes: guide.programmes.length,
    channels: CHANNELS,
    searches: BENCH_SEARCHES.length,
    rounds: ROUNDS,
    searches_without_hits: firstHits.filter((hits) => hits.length === 0).length,
    load_ms: round(loadMs),
    table_mb: round(Number(size?.table_mb)),
    search_indexes_mb: round(Number(size?.search_indexes_mb)),
    search_words: size?.words,
    lookup_p50_ms: round(percentile(sortedLookup, 50), 3),
    lookup_p99_ms: round(lookupP99, 3),
    search_p50_ms: round(percentile(sortedSearch, 50), 3),
    search_p99_ms: round(searchP99, 3),
    slowest_search: slowest ? { q: slowest.q, ms: round(slowest.ms, 3) } : null,
    search_p50_vs_lookup_p50_ratio: round(percentile(sortedSearch, 50) / percentile(sortedLookup, 50)),
    search_p99_vs_lookup_p99_ratio: round(ratio),
    goal_ratio: RATIO_GOAL,
    goal_met: ratio <= RATIO_GOAL,
  };
});
