/**
 * A throwaway database for the ingest benchmark: created fresh on the local Postgres (or the server
 * of $BENCH_DATABASE_URL), migrated like production, seeded with the fixture's channels and one
 * provider that has them all assigned (under their slugs, the ids the fixture uses), and dropped
 * afterwards.
 */
import { createHash, randomBytes } from "node:crypto";
import { openDatabase } from "@seeyoo/origin/database";
import { applyMigrations } from "@seeyoo/origin/migrations";
import pg from "pg";

export interface BenchDatabase {
  url: string;
  pool: pg.Pool;
  apiKey: string;
  drop(): Promise<void>;
}

const DEFAULT_ADMIN_URL = "postgres://postgres@127.0.0.1:5432/postgres";

export async function createBenchDatabase(channelSlugs: string[]): Promise<BenchDatabase> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_ADMIN_URL;
  const name = `seeyoo_bench_${randomBytes(4).toString("hex")}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  const { pool } = openDatabase(url.toString(), { max: 2 });
  await applyMigrations(pool);

  await pool.query(
    `insert into channels (slug, number, name, hls_path)
     select slug, n, 'Bench ' || n, '/live/' || slug from unnest($1::text[]) with ordinality as t(slug, n)`,
    [channelSlugs],
  );
  const apiKey = `sk_epg_${randomBytes(32).toString("base64url")}`;
  const { rows } = await pool.query<{ id: string }>(
    "insert into epg_providers (name, api_key_hash, api_key_prefix) values ($1, $2, $3) returning id",
    ["bench", createHash("sha256").update(apiKey).digest("hex"), apiKey.slice(0, 13)],
  );
  await pool.query(
    `insert into provider_channels (provider_id, channel_id, provider_channel_id)
     select $1, id, slug from channels`,
    [rows[0]?.id],
  );

  return {
    url: url.toString(),
    pool,
    apiKey,
    async drop() {
      await pool.end();
      await admin.query(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
