/**
 * Programme plausibility: a programme starts within [now − INGEST_PAST_DAYS, now + INGEST_FUTURE_DAYS]
 * and lasts at most 24 hours, or it is rejected and reported — so no post, however careless or
 * hostile its times, changes anything outside that range.
 */
import { describe, expect, it } from "vitest";
import { type IngestKit, startIngestKit, useIngestKit } from "./testing/ingest-test-kit.ts";
import { tv } from "./testing/xmltv-document.ts";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Whole minutes, so the instants survive XMLTV's and the JSON format's precision alike. */
const now = Math.floor(Date.now() / 60_000) * 60_000;
const at = (offsetMs: number) => new Date(now + offsetMs).toISOString();
const xmltvAt = (offsetMs: number) => `${at(offsetMs).replace(/[-:T]|\.\d+Z$/g, "")} +0000`;

const kit = useIngestKit();
let serial = 0;

async function ownChannel(target: IngestKit = kit): Promise<{ slug: string; id: string; apiKey: string }> {
  const slug = `plaus${++serial}.test`;
  const ids = await target.createChannels([slug]);
  const { apiKey } = await target.createProvider("Provider", [slug]);
  return { slug, id: ids[slug] as string, apiKey };
}

const programme = (channel: string, start: number, stop: number, title: string) => ({
  channel,
  start: at(start),
  stop: at(stop),
  title,
});

async function titles(channelId: string, target: IngestKit = kit): Promise<string[]> {
  const { rows } = await target.origin.services.pool.query<{ title: string }>(
    "select title from epg_programs where channel_id = $1 order by start_time",
    [channelId],
  );
  return rows.map((r) => r.title);
}

describe("the start of a programme", () => {
  it("is refused before now − 14 days and after now + 31 days, and accepted just inside", async () => {
    const { slug, id, apiKey } = await ownChannel();
    const res = await kit.postJson(apiKey, {
      programmes: [
        programme(slug, -14 * DAY - HOUR, -14 * DAY, "Too old"),
        programme(slug, -14 * DAY + HOUR, -14 * DAY + 2 * HOUR, "Oldest kept"),
        programme(slug, 31 * DAY - HOUR, 31 * DAY, "Latest kept"),
        programme(slug, 31 * DAY + HOUR, 31 * DAY + 2 * HOUR, "Too far"),
      ],
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.programmes).toMatchObject({ received: 4, inserted: 2, rejected: 2 });
    expect(report.rejectedByReason).toEqual({ start_out_of_range: 2 });
    expect(report.warnings.map((w: { code: string; path: string }) => [w.code, w.path])).toEqual([
      ["start_out_of_range", "programmes.0"],
      ["start_out_of_range", "programmes.3"],
    ]);
    expect(await titles(id)).toEqual(["Oldest kept", "Latest kept"]);
  });

  it("follows INGEST_PAST_DAYS and INGEST_FUTURE_DAYS", async () => {
    const narrow = await startIngestKit({ INGEST_PAST_DAYS: "1", INGEST_FUTURE_DAYS: "2" });
    try {
      const { slug, id, apiKey } = await ownChannel(narrow);
      const report = await (
        await narrow.postJson(apiKey, {
          programmes: [
            programme(slug, -2 * DAY, -2 * DAY + HOUR, "Two days ago"),
            programme(slug, DAY, DAY + HOUR, "Tomorrow"),
            programme(slug, 3 * DAY, 3 * DAY + HOUR, "In three days"),
          ],
        })
      ).json();
      expect(report.rejectedByReason).toEqual({ start_out_of_range: 2 });
      expect(await titles(id, narrow)).toEqual(["Tomorrow"]);
    } finally {
      await narrow.close();
    }
  });
});

describe("the length of a programme", () => {
  it("is at most 24 hours, given or taken from the next programme's start", async () => {
    const { slug, id, apiKey } = await ownChannel();
    const json = await (
      await kit.postJson(apiKey, {
        programmes: [
          programme(slug, DAY, 2 * DAY, "A whole day"),
          programme(slug, 3 * DAY, 4 * DAY + 60_000, "A day and a minute"),
        ],
      })
    ).json();
    expect(json.rejectedByReason).toEqual({ too_long: 1 });
    expect(json.warnings).toEqual([expect.objectContaining({ code: "too_long", path: "programmes.1" })]);

    // XMLTV without a stop: the next programme starts 30 hours later.
    const xml = tv(
      [
        `<programme start="${xmltvAt(5 * DAY)}" channel="${slug}"><title>Open-ended</title></programme>`,
        `<programme start="${xmltvAt(5 * DAY + 30 * HOUR)}" stop="${xmltvAt(5 * DAY + 31 * HOUR)}" channel="${slug}"><title>Next</title></programme>`,
      ].join("\n"),
    );
    const report = await (await kit.postXmltv(apiKey, xml)).json();
    expect(report.rejectedByReason).toEqual({ too_long: 1 });
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: "too_long", element: "programme", line: 3 }),
    ]);
    expect(await titles(id)).toEqual(["A whole day", "Next"]);
  });
});

describe("what a post can delete", () => {
  it("is never anything outside the plausible range, even for a post spanning all of it", async () => {
    const { slug, id, apiKey } = await ownChannel();
    const stored = [
      [-20 * DAY, "Archive"],
      [DAY, "Tomorrow"],
      [40 * DAY, "Far future"],
    ] as const;
    for (const [start, title] of stored) {
      await kit.origin.services.pool.query(
        "insert into epg_programs (channel_id, start_time, end_time, title) values ($1, $2, $3, $4)",
        [id, new Date(now + start), new Date(now + start + HOUR), title],
      );
    }
    const wipe = await (
      await kit.postJson(apiKey, {
        programmes: [
          { channel: slug, start: "1970-01-01T00:00:00Z", stop: "9999-12-31T23:59:59Z", title: "Wipe" },
        ],
      })
    ).json();
    expect(wipe).toMatchObject({ programmes: { deleted: 0, inserted: 0, rejected: 1 } });
    expect(await titles(id)).toEqual(["Archive", "Tomorrow", "Far future"]);

    // The widest window a post can have: from the earliest to the latest plausible start.
    const widest = await (
      await kit.postJson(apiKey, {
        programmes: [
          programme(slug, -14 * DAY + HOUR, -14 * DAY + 2 * HOUR, "First"),
          programme(slug, 31 * DAY - HOUR, 31 * DAY + 23 * HOUR, "Last"),
        ],
      })
    ).json();
    expect(widest.programmes).toMatchObject({ inserted: 2, deleted: 1 });
    expect(await titles(id)).toEqual(["Archive", "First", "Last", "Far future"]);
  });
});
