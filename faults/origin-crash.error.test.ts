/**
 * The origin SIGKILLed half-way through a 50 MB XMLTV upload, and again while it writes the
 * schedule (issue #10 §4): the programme table is byte-identical before and after each crash
 * (every row's every column, checksummed), and once the supervisor has restarted the origin the
 * next post succeeds. Prints what it measured as one JSON line.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fixtureChannelSlugs, generateXmltv } from "../bench/xmltv-fixture.ts";
import { type FaultStack, startFaultStack, timeUntil } from "./support/fault-stack.ts";

const CHANNELS = 210; // × 7 days ≈ 50 MB of XMLTV
const DAYS = 7;
const HALF_WAY = 25 * 1024 * 1024;

let stack: FaultStack;
let programmeSum: () => Promise<{ rows: number; sum: string }>;
const start = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000);

beforeAll(async () => {
  stack = await startFaultStack({});
  const slugs = fixtureChannelSlugs(CHANNELS);
  await stack.sql(
    `insert into channels (slug, number, name, hls_path)
     select s, 1000 + i, 'Fixture ' || i, '/live/f' || i from unnest($1::text[]) with ordinality as t(s, i)`,
    [slugs],
  );
  await stack.assignChannels(slugs);
  programmeSum = async () => {
    const [row] = await stack.sql<{ rows: number; sum: string }>(
      "select count(*)::int as rows, coalesce(md5(string_agg(p::text, '|' order by p.id)), '') as sum from epg_programs p",
    );
    return row as { rows: number; sum: string };
  };
  // What is stored before the crashes: two days of another schedule for every fixture channel.
  const first = await post(generateXmltv({ channels: CHANNELS, days: 2, startDate: start, seed: 1 }));
  expect(first.status).toBe(200);
});
afterAll(() => stack?.close());

/** Posts a streamed document; `onBytes` sees the running total as the body is read. */
function post(chunks: AsyncIterable<Uint8Array>, onBytes: (sent: number) => void = () => {}) {
  let sent = 0;
  const iterator = chunks[Symbol.asyncIterator]();
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) return controller.close();
      sent += next.value.length;
      controller.enqueue(next.value);
      onBytes(sent);
    },
  });
  return stack.postXmltv(body);
}

const ready = async () => (await fetch(`${stack.origin.url}/readyz`)).status === 200;

/** The origin's backend writing the schedule (writeSchedule works on the ingest_windows table). */
async function writing(): Promise<boolean> {
  const rows = await stack.sql(
    "select 1 from pg_stat_activity where state = 'active' and query ilike '%ingest_windows%' and pid <> pg_backend_pid()",
  );
  return rows.length > 0;
}

describe("the origin killed during an ingest", () => {
  it("leaves the programme table byte-identical, twice, and takes the next post", async () => {
    const before = await programmeSum();
    const document = () => generateXmltv({ channels: CHANNELS, days: DAYS, startDate: start, seed: 2 });

    // 1. Half-way through the upload.
    let killedAt = 0;
    const upload = post(document(), (sent) => {
      if (sent >= HALF_WAY && killedAt === 0) {
        killedAt = sent;
        stack.origin.signal("SIGKILL");
      }
    });
    const uploadOutcome = await upload.then(
      (res) => `answered ${res.status}`,
      (error: Error) => `failed: ${error.message}`,
    );
    const firstRestartMs = await timeUntil(ready);
    const afterUploadKill = await programmeSum();

    // 2. While it writes the schedule: the whole document is in, the transaction not committed.
    let bytes = 0;
    let killedWriting = false;
    const second = post(document(), (sent) => {
      bytes = sent;
    }).then(
      (res) => `answered ${res.status}`,
      (error: Error) => `failed: ${error.message}`,
    );
    const watcher = (async () => {
      while (!killedWriting) {
        if (await writing()) {
          stack.origin.signal("SIGKILL");
          killedWriting = true;
          return;
        }
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    })();
    const writeOutcome = await second;
    killedWriting = true; // stop watching if the post ended first
    await watcher;
    const secondRestartMs = await timeUntil(ready);
    const afterWriteKill = await programmeSum();

    // 3. The next post is taken.
    const next = await post(generateXmltv({ channels: 2, days: 1, startDate: start, seed: 3 }));
    const report = (await next.json()) as { status?: string; programmes?: Record<string, number> };

    console.log(
      JSON.stringify({
        fault: "origin-sigkill-during-ingest",
        document_bytes: bytes,
        killed_during_upload_at_bytes: killedAt,
        upload_outcome: uploadOutcome,
        restart_after_upload_kill_ms: firstRestartMs,
        write_outcome: writeOutcome,
        restart_after_write_kill_ms: secondRestartMs,
        programmes_before: before.rows,
        identical_after_upload_kill: afterUploadKill.sum === before.sum,
        identical_after_write_kill: afterWriteKill.sum === before.sum,
        next_post: { status: next.status, report: report.status, programmes: report.programmes },
      }),
    );
    expect(before.rows).toBeGreaterThan(0); // something to keep intact
    expect(killedAt).toBeGreaterThanOrEqual(HALF_WAY);
    expect(uploadOutcome).toMatch(/^failed/);
    expect(afterUploadKill).toEqual(before);
    expect(writeOutcome).toMatch(/^failed/); // killed before it could answer: during the write
    expect(bytes).toBeGreaterThan(45 * 1024 * 1024);
    expect(afterWriteKill).toEqual(before);
    expect(next.status).toBe(200);
    expect(report.status).toBe("succeeded");
  });
});
