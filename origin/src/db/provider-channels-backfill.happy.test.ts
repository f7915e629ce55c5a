/**
 * The upgrade to provider ↔ channel assignments keeps an existing installation ingesting: each
 * channel goes to the active provider that stored most of its programmes, under its slug.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrationsFolder } from "@seeyoo/schema/migrations";
import { drizzle } from "drizzle-orm/node-postgres";
import { migrate } from "drizzle-orm/node-postgres/migrator";
import pg from "pg";
import { afterAll, describe, expect, inject, it } from "vitest";
import { databaseUrl } from "../../test/postgres-global-setup.ts";
import { openDatabase } from "./database.ts";

const admin = new pg.Client({ connectionString: inject("pgAdminUrl") });
const name = `seeyoo_t_backfill_${process.pid}_${Date.now()}`;
const dirs: string[] = [];

afterAll(async () => {
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/** The migrations folder as it was before `tag` (that migration and the later ones left out). */
function migrationsBefore(tag: string): string {
  const dir = mkdtempSync(join(tmpdir(), "seeyoo-migrations-"));
  dirs.push(dir);
  cpSync(migrationsFolder, dir, { recursive: true });
  const journalPath = join(dir, "meta", "_journal.json");
  const journal = JSON.parse(readFileSync(journalPath, "utf8")) as {
    entries: { idx: number; tag: string }[];
  };
  const cut = journal.entries.findIndex((e) => e.tag === tag);
  expect(cut).toBeGreaterThan(0);
  journal.entries = journal.entries.slice(0, cut);
  writeFileSync(journalPath, JSON.stringify(journal));
  return dir;
}

describe("the provider_channels migration", () => {
  it("assigns each channel with programmes to the active provider that stored most of them", async () => {
    await admin.connect();
    await admin.query(`create database ${name}`);
    const { pool } = openDatabase(databaseUrl(inject("pgAdminUrl"), name), { max: 1 });
    try {
      await migrate(drizzle(pool), { migrationsFolder: migrationsBefore("0005_provider_channels") });
      const id = async (sql: string, params: unknown[]) =>
        (await pool.query(sql, params)).rows[0].id as string;
      const channel = (slug: string, n: number) =>
        id(
          "insert into channels (slug, number, name, hls_path) values ($1, $2, $1, '/live/x') returning id",
          [slug, n],
        );
      const provider = (label: string, revoked: boolean) =>
        id(
          `insert into epg_providers (name, api_key_hash, api_key_prefix, revoked_at)
           values ($1, $1, 'sk_epg_', ${revoked ? "now()" : "null"}) returning id`,
          [label],
        );
      const [a, b, c] = [await channel("a.test", 1), await channel("b.test", 2), await channel("c.test", 3)];
      const [big, small, gone] = [
        await provider("big", false),
        await provider("small", false),
        await provider("gone", true),
      ];
      const programmes = async (channelId: string, providerId: string, n: number, day: number) => {
        for (let i = 0; i < n; i++) {
          await pool.query(
            `insert into epg_programs (channel_id, start_time, end_time, title, provider_id)
             values ($1, $2::timestamptz, $2::timestamptz + interval '1 hour', 'x', $3)`,
            [channelId, new Date(Date.UTC(2026, 0, day, i)), providerId],
          );
        }
      };
      await programmes(a, big, 3, 1);
      await programmes(a, small, 1, 2);
      await programmes(b, small, 2, 1);
      await programmes(b, gone, 5, 2); // most, but revoked
      await programmes(c, gone, 1, 1); // only a revoked provider: nobody gets it

      await migrate(drizzle(pool), { migrationsFolder });
      const { rows } = await pool.query(
        `select c.slug, pc.provider_id, pc.provider_channel_id from provider_channels pc
         join channels c on c.id = pc.channel_id order by c.slug`,
      );
      expect(rows).toEqual([
        { slug: "a.test", provider_id: big, provider_channel_id: "a.test" },
        { slug: "b.test", provider_id: small, provider_channel_id: "b.test" },
      ]);
    } finally {
      await pool.end();
    }
  });
});
