/**
 * The Postgres a benchmark writes to. $BENCH_DATABASE_URL is used as it is (migrated, never
 * dropped; benches only add rows with unique names to it). Otherwise the origin tests' provisioning
 * is reused: a fresh migrated database on 127.0.0.1:5432 (or $TEST_DATABASE_URL), or on an
 * embedded Postgres from npm when none is reachable — and dropped/stopped when the run ends.
 */

import { openDatabase } from "@seeyoo/origin/database";
import { applyMigrations } from "@seeyoo/origin/migrations";
import { cloneTestDatabase, provisionTestPostgres } from "@seeyoo/origin/testing/postgres";
import type { BenchRun } from "./bench-run.ts";

export async function provisionBenchDatabase(run: BenchRun): Promise<{ url: string; origin: string }> {
  const given = process.env.BENCH_DATABASE_URL;
  if (given) {
    const { pool } = openDatabase(given, { max: 1 });
    await applyMigrations(pool);
    await pool.end();
    return { url: given, origin: "BENCH_DATABASE_URL" };
  }
  const server = await provisionTestPostgres();
  run.onCleanup(() => server.cleanup());
  const url = await cloneTestDatabase(server.adminUrl, server.template);
  return { url, origin: `fresh database on ${new URL(server.adminUrl).host}` };
}
