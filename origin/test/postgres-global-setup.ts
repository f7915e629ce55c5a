/**
 * Finds a real PostgreSQL for the origin's tests and prepares a migrated template database that
 * each test file clones (CREATE DATABASE … TEMPLATE), so files run in parallel without sharing
 * state. Under CI=true the machine's Postgres (127.0.0.1:5432) is required: a missing database is
 * a failure, never a skip. Elsewhere, without one, an embedded Postgres from npm is started.
 */
import { randomBytes } from "node:crypto";
import { chmodSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { openDatabase } from "../src/db/database.ts";
import { applyMigrations } from "../src/db/migrations.ts";

declare module "vitest" {
  export interface ProvidedContext {
    pgAdminUrl: string;
    pgTemplate: string;
  }
}

const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/postgres";

async function reachable(url: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query("select 1");
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => {});
  }
}

export function databaseUrl(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/**
 * A reachable Postgres (or an embedded one) plus a migrated template database. Also used by the
 * edge's test setup, which needs the same real database behind its Neon driver.
 */
export async function provisionTestPostgres(): Promise<{
  adminUrl: string;
  template: string;
  cleanup(): Promise<void>;
}> {
  let adminUrl = process.env.TEST_DATABASE_URL ?? DEFAULT_URL;
  let stopEmbedded: (() => Promise<void>) | undefined;
  if (!(await reachable(adminUrl))) {
    if (process.env.CI === "true" || process.env.TEST_DATABASE_URL) {
      throw new Error(`PostgreSQL is required for the tests but ${new URL(adminUrl).host} is not reachable`);
    }
    const { startEmbeddedPostgres } = await import("../../tools/local-stack/src/embedded-postgres.ts");
    const dataDir = mkdtempSync(join(tmpdir(), "seeyoo-test-pg-"));
    chmodSync(dataDir, 0o755);
    const embedded = await startEmbeddedPostgres({ dataDir, port: 0 });
    adminUrl = embedded.url;
    stopEmbedded = async () => {
      await embedded.stop();
      rmSync(dataDir, { recursive: true, force: true });
    };
  }

  const template = `seeyoo_tpl_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${template}`);
  const { pool } = openDatabase(databaseUrl(adminUrl, template), { max: 1 });
  await applyMigrations(pool);
  await pool.end();

  return {
    adminUrl,
    template,
    async cleanup() {
      const { rows } = await admin.query<{ datname: string }>(
        "select datname from pg_database where datname like $1 or datname = $2",
        [`${template.replace("tpl", "t")}%`, template],
      );
      for (const { datname } of rows) await admin.query(`drop database if exists ${datname} with (force)`);
      await admin.end();
      await stopEmbedded?.();
    },
  };
}

/** A fresh database cloned from the template (named so that cleanup() finds it). */
export async function cloneTestDatabase(adminUrl: string, template: string): Promise<string> {
  const name = `${template.replace("tpl", "t")}_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  try {
    await admin.query(`create database ${name} template ${template}`);
  } finally {
    await admin.end();
  }
  return databaseUrl(adminUrl, name);
}

export default async function setup(project: TestProject) {
  const postgres = await provisionTestPostgres();
  project.provide("pgAdminUrl", postgres.adminUrl);
  project.provide("pgTemplate", postgres.template);
  return () => postgres.cleanup();
}
