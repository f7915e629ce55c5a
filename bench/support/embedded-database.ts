/**
 * A PostgreSQL server of the run's own (the local stack's embedded Postgres from npm), migrated,
 * with a login role for the edge so its statements can be told apart from the origin's. It can be
 * killed (SIGKILL to the postmaster, as a crash would) and started again on the same port and
 * data — which the shared Postgres of the machine must never be. With `statements`, the server
 * preloads pg_stat_statements, so a bench can count the statements each role ran.
 */
import { chmodSync, mkdirSync } from "node:fs";
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { setTimeout as sleep } from "node:timers/promises";
import { type EmbeddedPostgresHandle, startEmbeddedPostgres } from "@seeyoo/local-stack/embedded-postgres";
import { openDatabase } from "@seeyoo/origin/database";
import { applyMigrations } from "@seeyoo/origin/migrations";
import pg from "pg";
import type { BenchRun } from "./bench-run.ts";

export const EDGE_ROLE = "seeyoo_bench_edge";
const EDGE_PASSWORD = "bench-edge-pass";

export interface EmbeddedDatabase {
  /** The server's superuser (migrations, the origin, the bench's own queries). */
  adminUrl: string;
  /** The edge's role: select/insert/update/delete on the tables, nothing else. */
  edgeUrl: string;
  /** SIGKILL to the postmaster; resolves once every server process is gone. */
  kill(): Promise<void>;
  /** Starts the server again on the same port and data (after a kill, it recovers first). */
  restart(): Promise<void>;
}

const isAlive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

async function query(url: string, text: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await client.query(text);
  } finally {
    await client.end();
  }
}

export async function startEmbeddedDatabase(
  run: BenchRun,
  stateDir: string,
  options: { statements?: boolean } = {},
): Promise<EmbeddedDatabase> {
  const requestedDir = join(stateDir, "postgres");
  mkdirSync(stateDir, { recursive: true });
  chmodSync(stateDir, 0o755); // the server runs as the postgres user when we are root
  let handle: EmbeddedPostgresHandle = await startEmbeddedPostgres({ dataDir: requestedDir, port: 0 });
  const port = Number(new URL(handle.url).port);
  const dataDir = handle.dataDir;
  run.onCleanup(() => handle.stop());
  const start = async () => {
    // A killed server's backends may hold its shared memory for a moment after it died.
    for (let attempt = 1; ; attempt++) {
      try {
        handle = await startEmbeddedPostgres({ dataDir, port });
        return;
      } catch (error) {
        if (attempt >= 20) throw error;
        await sleep(250);
      }
    }
  };

  if (options.statements) {
    await query(handle.url, "alter system set shared_preload_libraries = 'pg_stat_statements'");
    await handle.stop();
    await start();
    await query(handle.url, "create extension if not exists pg_stat_statements");
  }
  const { pool } = openDatabase(handle.url, { max: 1 });
  await applyMigrations(pool);
  await pool.end();
  await query(
    handle.url,
    `do $$ begin
       if not exists (select 1 from pg_roles where rolname = '${EDGE_ROLE}') then
         create role ${EDGE_ROLE} login password '${EDGE_PASSWORD}';
       end if;
     end $$;
     grant usage on schema public to ${EDGE_ROLE};
     grant select, insert, update, delete on all tables in schema public to ${EDGE_ROLE};`,
  );

  const edgeUrl = new URL(handle.url);
  edgeUrl.username = EDGE_ROLE;
  edgeUrl.password = EDGE_PASSWORD;
  return {
    adminUrl: handle.url,
    edgeUrl: edgeUrl.toString(),
    async kill() {
      const pid = Number((await readFile(join(dataDir, "postmaster.pid"), "utf8")).split("\n")[0]);
      process.kill(pid, "SIGKILL");
      while (isAlive(pid)) await sleep(20);
      await handle.stop();
    },
    restart: start,
  };
}

/** Statements run by each role since the last reset (pg_stat_statements, top-level statements). */
export async function statementsByRole(adminUrl: string): Promise<Record<string, number>> {
  const { rows } = await query(
    adminUrl,
    `select r.rolname as role, sum(s.calls)::bigint as calls
       from pg_stat_statements s join pg_roles r on r.oid = s.userid group by r.rolname`,
  );
  return Object.fromEntries(rows.map((r) => [r.role as string, Number(r.calls)]));
}

/** The most frequent statements of a role (for the bench's diagnostics). */
export async function topStatements(adminUrl: string, role: string, limit = 5) {
  const { rows } = await query(
    adminUrl,
    `select s.calls::bigint as calls, left(regexp_replace(s.query, '\\s+', ' ', 'g'), 120) as query
       from pg_stat_statements s join pg_roles r on r.oid = s.userid
      where r.rolname = '${role}' order by s.calls desc limit ${limit}`,
  );
  return rows.map((r) => ({ calls: Number(r.calls), query: r.query as string }));
}

export const resetStatements = (adminUrl: string) => query(adminUrl, "select pg_stat_statements_reset()");
