/**
 * The write window is clamped to the plausible range by the writer itself, not only by the
 * per-programme checks before it: even a staged programme from 1970 to 9999 (which the checks
 * never let through) cannot delete what lies outside the range — the write fails and rolls back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase } from "../../test/origin-harness.ts";
import { type DatabaseHandle, openDatabase, pgErrorCode } from "../db/database.ts";
import { plausibleRange } from "./plausible-range.ts";
import { normalizeStaged } from "./schedule-normalizer.ts";
import { writeSchedule } from "./schedule-writer.ts";
import { createStagingTable } from "./staging-table.ts";

const DAY = 86_400_000;
let database: DatabaseHandle;
let channelId: string;
let providerId: string;

beforeAll(async () => {
  database = openDatabase(await createTestDatabase(), { max: 2 });
  const q = database.pool;
  channelId = (
    await q.query(
      "insert into channels (slug, number, name, hls_path) values ('w.test', 1, 'W', '/live/w') returning id",
    )
  ).rows[0].id;
  providerId = (
    await q.query(
      "insert into epg_providers (name, api_key_hash, api_key_prefix) values ('P', 'h', 'p') returning id",
    )
  ).rows[0].id;
  await q.query(
    "insert into provider_channels (provider_id, channel_id, provider_channel_id) values ($1, $2, 'w')",
    [providerId, channelId],
  );
  const now = Date.now();
  for (const [offset, title] of [
    [-20 * DAY, "Archive"],
    [40 * DAY, "Far future"],
  ] as const) {
    await q.query(
      "insert into epg_programs (channel_id, start_time, end_time, title) values ($1, $2, $3, $4)",
      [channelId, new Date(now + offset), new Date(now + offset + 3_600_000), title],
    );
  }
});
afterAll(() => database.pool.end());

describe("writeSchedule", () => {
  it("never deletes outside the plausible range, whatever was staged", async () => {
    const client = await database.pool.connect();
    try {
      await client.query("begin");
      await createStagingTable(client);
      await client.query(
        `insert into ingest_staging (seq, channel_id, start_time, end_time, title, categories)
         values (0, $1, '1970-01-01T00:00:00Z', '9999-12-31T23:59:59Z', 'Wipe', '{}')`,
        [channelId],
      );
      // Written as staged, as a post the normal-form check found in order would be.
      const { kept } = await normalizeStaged(client, { rows: 1, normal: true }, 0);
      const range = plausibleRange(new Date(), { pastDays: 14, futureDays: 31 });
      const error = await writeSchedule(client, providerId, range, kept).then(
        () => null,
        (e: unknown) => e,
      );
      // The stored programmes outside the window stay, so the posted one cannot fit beside them.
      expect(pgErrorCode(error)).toBe("23P01");
    } finally {
      await client.query("rollback");
      client.release();
    }
    const { rows } = await database.pool.query("select title from epg_programs order by start_time");
    expect(rows.map((r) => r.title)).toEqual(["Archive", "Far future"]);
  });
});
