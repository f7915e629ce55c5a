/**
 * The demo line-up's viewing rights on a real Postgres: a fresh seed grants them, a database seeded
 * before rights existed gets them once, and an admin's later choice is never overwritten.
 */
import { openDatabase } from "@seeyoo/origin/database";
import { Passwords } from "@seeyoo/origin/passwords";
import { cloneTestDatabase, provisionTestPostgres } from "@seeyoo/origin/testing/postgres";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { seedDemoData } from "./demo-seed.ts";

let postgres: Awaited<ReturnType<typeof provisionTestPostgres>>;
beforeAll(async () => {
  postgres = await provisionTestPostgres();
}, 60_000);
afterAll(() => postgres.cleanup());

async function withSeededDatabase(
  run: (query: pg.Client["query"], seedAgain: () => Promise<boolean>) => Promise<void>,
) {
  const url = await cloneTestDatabase(postgres.adminUrl, postgres.template);
  const { pool, db } = openDatabase(url, { max: 1 });
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const seed = () => seedDemoData(db, new Passwords(4));
  try {
    expect(await seed()).toBe(true);
    await run(client.query.bind(client) as pg.Client["query"], seed);
  } finally {
    await client.end();
    await pool.end();
  }
}

const rightsOf = async (query: pg.Client["query"]) =>
  Object.fromEntries(
    (
      await query<{ name: string; restart_allowed: boolean; catchup_hours: number }>(
        "select name, restart_allowed, catchup_hours from channels where name in ('SEEYOO One', 'SEEYOO News', 'SEEYOO Sport', 'Cinema Classic')",
      )
    ).rows.map((r) => [r.name, [r.restart_allowed, r.catchup_hours]]),
  );

describe("demo viewing rights", () => {
  it("grant One restart and a week of catch-up, News restart only, Sport and the rest neither", async () => {
    await withSeededDatabase(async (query) => {
      expect(await rightsOf(query)).toEqual({
        "SEEYOO One": [true, 168],
        "SEEYOO News": [true, 0],
        "SEEYOO Sport": [false, 0],
        "Cinema Classic": [false, 0],
      });
    });
  });

  it("reach a database seeded before rights existed, once, and leave an admin's changes alone", async () => {
    await withSeededDatabase(async (query, seedAgain) => {
      await query("update channels set restart_allowed = false, catchup_hours = 0");
      expect(await seedAgain()).toBe(false);
      expect((await rightsOf(query))["SEEYOO One"]).toEqual([true, 168]);

      await query("update channels set catchup_hours = 24 where name = 'SEEYOO One'");
      await query("update channels set restart_allowed = false where name = 'SEEYOO News'");
      await seedAgain();
      expect(await rightsOf(query)).toMatchObject({ "SEEYOO One": [true, 24], "SEEYOO News": [false, 0] });
    });
  });
});
