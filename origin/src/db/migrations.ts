/**
 * Applies the SQL migrations of packages/schema to a database, idempotently and safely when
 * several processes start at once (an advisory lock serialises them).
 */
import { readFileSync } from "node:fs";
import { migrationsFolder } from "@seeyoo/schema/migrations";
import { sql } from "drizzle-orm";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import type pg from "pg";
import type { Database } from "./database.ts";

const MIGRATION_LOCK = 7_240_001;

export async function applyMigrations(pool: pg.Pool): Promise<void> {
  // One connection holds the session lock for the whole run; others wait, then find nothing to do.
  const client = await pool.connect();
  try {
    await client.query("select pg_advisory_lock($1)", [MIGRATION_LOCK]);
    await migrate(drizzle(client), { migrationsFolder });
  } finally {
    await client.query("select pg_advisory_unlock($1)", [MIGRATION_LOCK]).catch(() => {});
    client.release();
  }
}

/** How many migrations the code ships, from drizzle's journal. */
export function expectedMigrationCount(): number {
  const journal = JSON.parse(readFileSync(`${migrationsFolder}/meta/_journal.json`, "utf8")) as {
    entries: unknown[];
  };
  return journal.entries.length;
}

/** How many migrations the database has applied (0 when none ever ran). */
export async function appliedMigrationCount(db: Database): Promise<number> {
  // Two statements: a query naming a missing table fails at parse time, whatever its CASE says.
  const exists = await db.execute<{ t: string | null }>(
    sql`select to_regclass('drizzle.__drizzle_migrations') as t`,
  );
  if (!exists.rows[0]?.t) return 0;
  const rows = await db.execute<{ n: number }>(
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  );
  return rows.rows[0]?.n ?? 0;
}
