import { gzipSync } from "node:zlib";
import { beforeAll, describe, expect, it } from "vitest";
import { malformedXmlProblem, startIngestKit, useIngestKit } from "./testing/ingest-test-kit.ts";
import { iso, prog, t, tv } from "./testing/xmltv-document.ts";

const LIMIT = 64 * 1024;

const kit = useIngestKit({ INGEST_BODY_LIMIT_BYTES: String(LIMIT) });
let apiKey: string;
beforeAll(async () => {
  await kit.createChannels(["e1.test", "e2.test"]);
  apiKey = (await kit.createProvider("Provider", ["e1.test", "e2.test"])).apiKey;
  // Something stored, so "nothing written" is a real comparison.
  const seed = tv(
    [prog("e1.test", "08:00", "09:00", "Seed 1"), prog("e1.test", "09:00", "10:00", "Seed 2")].join("\n"),
  );
  expect((await kit.postXmltv(apiKey, seed)).status).toBe(200);
});

async function expectNothingWritten(action: () => Promise<void>): Promise<void> {
  const before = await kit.fullTable("epg_programs");
  await action();
  expect(await kit.fullTable("epg_programs")).toEqual(before);
}

async function lastRun(): Promise<{ status: string; report: { error?: string } }> {
  const { rows } = await kit.origin.services.pool.query(
    "select status, report from ingest_runs order by started_at desc limit 1",
  );
  return rows[0];
}

describe("malformed uploads", () => {
  it("answers malformed XML with 400 naming line and column, writes nothing and records a rejected run", async () => {
    const xml = [
      '<?xml version="1.0"?>',
      "<tv>",
      prog("e1.test", "10:00", "11:00", "Fine"),
      `<programme start="${t("11:00")}" stop="${t("12:00")}" channel="e1.test">`,
      "  <title>Oops</titel>",
      "</programme></tv>",
    ].join("\n");
    await expectNothingWritten(async () => {
      const problem = await malformedXmlProblem(await kit.postXmltv(apiKey, xml));
      expect(problem).toMatchObject({
        line: 5,
        column: 14, // the "<" of </titel>
        runId: expect.any(String),
      });
      expect(problem.detail).toContain("line 5");
    });
    const run = await lastRun();
    expect(run.status).toBe("rejected");
    expect(run.report.error).toContain("line 5");
  });

  it("answers malformed JSON with 400 and its position", async () => {
    await expectNothingWritten(async () => {
      const broken = `{"programmes": [\n  {"channel": "e1.test", "start": "${iso("10:00")}",}\n]}`;
      const res = await kit.postJson(apiKey, broken);
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        type: "https://seeyoo.tv/problems/malformed-body",
        line: 2,
        column: 3,
      });

      const unterminated = await kit.postJson(apiKey, '{"programmes": [');
      expect(unterminated.status).toBe(400);
      const notObject = await kit.postJson(apiKey, "[1, 2]");
      expect((await notObject.json()).detail).toContain("must be a JSON object");
      const badUtf8 = await kit.postJson(apiKey, Buffer.from([0x7b, 0xff, 0x7d]).toString("latin1"));
      expect(badUtf8.status).toBe(400);
    });
  });

  it("answers a JSON schema violation with 400 naming the path, even late in the document", async () => {
    const good = (h: string) => ({
      channel: "e1.test",
      start: iso(`${h}:00`),
      stop: iso(`${h}:30`),
      title: "Ok",
    });
    await expectNothingWritten(async () => {
      const res = await kit.postJson(apiKey, {
        programmes: [good("10"), good("11"), { ...good("12"), start: "yesterday" }],
      });
      expect(res.status).toBe(400);
      const problem = await res.json();
      expect(problem).toMatchObject({
        type: "https://seeyoo.tv/problems/validation",
        path: "programmes.2.start",
      });
      expect(problem.errors).toEqual([{ field: "programmes.2.start", message: expect.any(String) }]);

      const missing = await (await kit.postJson(apiKey, { channels: [] })).json();
      expect(missing.errors).toEqual([{ field: "programmes", message: expect.stringContaining("required") }]);
      const extra = await (await kit.postJson(apiKey, { programmes: [], version: 2 })).json();
      expect(extra.errors).toEqual([{ field: "version", message: expect.any(String) }]);
      const untitled = await (
        await kit.postJson(apiKey, { programmes: [{ ...good("13"), title: "" }] })
      ).json();
      expect(untitled.errors).toEqual([{ field: "programmes.0.title", message: expect.any(String) }]);
    });
  });

  it("answers 400 for a body that claims gzip but is not", async () => {
    const res = await kit.postXmltv(apiKey, "<tv></tv>", { "content-encoding": "gzip" });
    expect(res.status).toBe(400);
  });
});

describe("media types", () => {
  it("answers 415 for a wrong content type or encoding", async () => {
    const xml = tv(prog("e1.test", "10:00", "11:00", "X"));
    expect((await kit.postXmltv(apiKey, xml, { "content-type": "application/json" })).status).toBe(415);
    expect((await kit.postXmltv(apiKey, xml, { "content-type": "text/plain" })).status).toBe(415);
    expect((await kit.postJson(apiKey, { programmes: [] }, { "content-type": "text/xml" })).status).toBe(415);
    const br = await kit.postXmltv(apiKey, xml, { "content-encoding": "br" });
    expect(br.status).toBe(415);
    expect((await br.json()).type).toBe("https://seeyoo.tv/problems/unsupported-media-type");
  });
});

describe("size limits", () => {
  it("answers 413 for an upload over the limit, declared or streamed", async () => {
    const big = tv(prog("e1.test", "10:00", "11:00", "x".repeat(LIMIT)));
    await expectNothingWritten(async () => {
      const declared = await kit.postXmltv(apiKey, big);
      expect(declared.status).toBe(413);
      expect((await declared.json()).type).toBe("https://seeyoo.tv/problems/payload-too-large");

      const bytes = new TextEncoder().encode(big);
      const streamed = new ReadableStream<Uint8Array>({
        start(controller) {
          for (let i = 0; i < bytes.length; i += 8192) controller.enqueue(bytes.subarray(i, i + 8192));
          controller.close();
        },
      });
      const res = await kit.postXmltv(apiKey, streamed);
      expect(res.status).toBe(413);
    });
  });

  it("answers 413 for a zip bomb: the limit applies to the decompressed bytes", async () => {
    const bomb = gzipSync(`<tv>${" ".repeat(50 * LIMIT)}</tv>`);
    expect(bomb.length).toBeLessThan(LIMIT);
    const res = await kit.postXmltv(apiKey, bomb, { "content-encoding": "gzip" });
    expect(res.status).toBe(413);
    expect((await res.json()).detail).toContain("decompressed");
  });
});

describe("atomicity", () => {
  it("leaves the database exactly as before when a write fails half way", async () => {
    const pool = kit.origin.services.pool;
    // A failure only the database knows about, hit by a row late in the post — after the edge
    // trims and deletes of earlier statements in the same transaction.
    await pool.query(`
      create function test_fail_on_boom() returns trigger language plpgsql as $$
      begin
        if new.title = 'BOOM' then raise exception 'injected failure'; end if;
        return new;
      end $$`);
    await pool.query(
      "create trigger fail_on_boom before insert or update on epg_programs for each row execute function test_fail_on_boom()",
    );
    try {
      const runsBefore = await kit.fullTable("ingest_runs");
      const doc = tv(
        [
          prog("e1.test", "08:30", "09:30", "Replaces both seeds"),
          prog("e2.test", "10:00", "11:00", "Other channel"),
          ...Array.from({ length: 30 }, (_, i) =>
            prog(
              "e2.test",
              `${12 + Math.floor(i / 4)}:${String((i % 4) * 15).padStart(2, "0")}`,
              null,
              `Filler ${i}`,
            ),
          ),
          prog("e2.test", "20:00", "21:00", "BOOM"),
          prog("e2.test", "21:00", "22:00", "After"),
        ].join("\n"),
      );
      await expectNothingWritten(async () => {
        const res = await kit.postXmltv(apiKey, doc);
        expect(res.status).toBe(500);
        expect((await res.json()).type).toBe("https://seeyoo.tv/problems/internal");
      });
      expect(await kit.storedSchedule()).toEqual([
        { channel: "e1.test", start: "08:00", end: "09:00", title: "Seed 1" },
        { channel: "e1.test", start: "09:00", end: "10:00", title: "Seed 2" },
      ]);
      const runsAfter = await kit.fullTable("ingest_runs");
      expect(runsAfter.slice(0, runsBefore.length)).toEqual(runsBefore);
      expect(runsAfter.slice(runsBefore.length)).toEqual([
        expect.objectContaining({ status: "failed", programmes_inserted: 0 }),
      ]);
      const metrics = await kit.origin.services.metrics.registry.metrics();
      expect(metrics).toMatch(/ingest_runs_total\{outcome="failed"\} 1/);
    } finally {
      await pool.query("drop trigger fail_on_boom on epg_programs");
    }
  });
});

describe("Redis unavailable", () => {
  it("still commits the ingest and counts the failed cache invalidation", async () => {
    const down = await startIngestKit({ UPSTASH_REDIS_REST_URL: "http://127.0.0.1:9" });
    try {
      await down.createChannels(["r1.test"]);
      const provider = await down.createProvider("Provider", ["r1.test"]);
      const res = await down.postXmltv(provider.apiKey, tv(prog("r1.test", "10:00", "11:00", "Stored")));
      expect(res.status).toBe(200);
      expect(await down.storedSchedule()).toEqual([
        { channel: "r1.test", start: "10:00", end: "11:00", title: "Stored" },
      ]);
      const metrics = await down.origin.services.metrics.registry.metrics();
      expect(metrics).toMatch(/cache_invalidation_failures_total 1/);
    } finally {
      await down.close();
    }
  });
});
