import { beforeAll, describe, expect, it } from "vitest";
import { countFixtureProgrammes, fixtureChannelSlugs, generateXmltv } from "../../../bench/xmltv-fixture.ts";
import { useIngestKit } from "./testing/ingest-test-kit.ts";

/** Three whole UTC days from today: inside the plausible range around now. */
const FIXTURE = {
  channels: 100,
  days: 3,
  startDate: new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000),
};
const afterFixture = new Date(FIXTURE.startDate.getTime() + FIXTURE.days * 86_400_000)
  .toISOString()
  .slice(0, 10)
  .replaceAll("-", "");
const EXTRA = `  <programme start="${afterFixture}000000 +0000" stop="${afterFixture}010000 +0000" channel="ch001.seeyoo.test"><title>Appended</title></programme>\n`;

const kit = useIngestKit({ EPG_LANGUAGES: "en" });
let apiKey: string;
beforeAll(async () => {
  const slugs = fixtureChannelSlugs(FIXTURE.channels);
  await kit.createChannels(slugs);
  apiKey = (await kit.createProvider("Provider", slugs)).apiKey;
});

/** The generated document as a request body, produced while it is sent; `appendBeforeEnd` changes its tail. */
function fixtureStream(appendBeforeEnd = ""): ReadableStream<Uint8Array> {
  const chunks = generateXmltv(FIXTURE);
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await chunks.next();
      if (next.done) return controller.close();
      if (appendBeforeEnd === "") return controller.enqueue(next.value);
      const text = new TextDecoder().decode(next.value);
      controller.enqueue(encoder.encode(text.replace("</tv>", `${appendBeforeEnd}</tv>`)));
    },
  });
}

/** Peak RSS growth of this process (the origin runs in it) while `action` runs. */
async function rssGrowthMb(action: () => Promise<void>): Promise<number> {
  global.gc?.();
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 25);
  try {
    await action();
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, process.memoryUsage().rss);
  return (peak - baseline) / (1024 * 1024);
}

describe("a large XMLTV file", () => {
  it("streams through HTTP into Postgres with bounded memory, then re-posts as unchanged or as a small diff", {
    timeout: 240_000,
  }, async () => {
    const expected = countFixtureProgrammes(FIXTURE);
    let report: Record<string, unknown> = {};
    const growth = await rssGrowthMb(async () => {
      const res = await kit.postXmltv(apiKey, fixtureStream());
      expect(res.status).toBe(200);
      report = await res.json();
    });
    expect(report).toMatchObject({
      status: "succeeded",
      channels: { seen: FIXTURE.channels, notAssignedCount: 0, changed: FIXTURE.channels },
      programmes: { received: expected, inserted: expected, rejected: 0 },
    });
    expect(report.bytes as number).toBeGreaterThan(8 * 1024 * 1024);
    expect(growth).toBeLessThan(150);
    const { rows } = await kit.origin.services.pool.query("select count(*)::int as n from epg_programs");
    expect(rows[0]?.n).toBe(expected);

    // Identical bytes: recognised block by block, nothing parsed or written.
    const again = await (await kit.postXmltv(apiKey, fixtureStream())).json();
    expect(again).toMatchObject({ status: "unchanged", unchanged: true, contentHash: report.contentHash });

    // Differs only in its last block: the spooled prefix is replayed and only the difference lands.
    const diff = await (await kit.postXmltv(apiKey, fixtureStream(EXTRA))).json();
    expect(diff).toMatchObject({
      status: "succeeded",
      channels: { changed: 1 },
      programmes: { received: expected + 1, inserted: 1, updated: 0, deleted: 0, unchanged: expected },
    });
  });
});
