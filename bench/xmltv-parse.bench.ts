/**
 * XMLTV parse throughput: our streaming parser (file read as a stream, complete programme records)
 * against @iptv/xmltv (whole document as one string, read beforehand and not timed). Best of 3 each.
 * Our peak RSS is measured in a child process so the other parser's memory does not pollute it.
 * The last line printed is the JSON summary.
 */
import { execFileSync } from "node:child_process";
import { createReadStream, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { parseXmltv as parseIptvXmltv } from "@iptv/xmltv";
import { parseXmltv } from "@seeyoo/origin/xmltv";
import { writeXmltvFixture } from "./xmltv-fixture.ts";

const RUNS = 3;
const READ_CHUNK_BYTES = 64 * 1024;
const RSS_FLAG = "--measure-rss";

async function parseFile(path: string): Promise<number> {
  let programmes = 0;
  const source = createReadStream(path, { highWaterMark: READ_CHUNK_BYTES });
  for await (const batch of parseXmltv(source, { languages: ["en"] })) {
    for (const item of batch) if (item.kind === "programme") programmes++;
  }
  return programmes;
}

async function bestOf<T>(run: () => Promise<T> | T): Promise<{ ms: number; result: T }> {
  let best = Number.POSITIVE_INFINITY;
  let result: T | undefined;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    result = await run();
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, result: result as T };
}

async function main(): Promise<void> {
  const path = join(tmpdir(), `seeyoo-xmltv-bench-${process.pid}.xml`);
  try {
    const fixture = await writeXmltvFixture(path);
    const fileMb = fixture.bytes / (1024 * 1024);
    console.log(`fixture: ${fixture.programmes} programmes, ${fileMb.toFixed(1)} MB at ${path}`);

    const ours = await bestOf(() => parseFile(path));
    if (ours.result !== fixture.programmes) {
      throw new Error(`our parser found ${ours.result} programmes, the fixture holds ${fixture.programmes}`);
    }
    console.log(`ours: ${ours.ms.toFixed(0)} ms (best of ${RUNS})`);

    const text = readFileSync(path, "utf8");
    const iptv = await bestOf(() => parseIptvXmltv(text).programmes?.length ?? 0);
    if (iptv.result !== fixture.programmes) {
      throw new Error(`@iptv/xmltv found ${iptv.result} programmes, the fixture holds ${fixture.programmes}`);
    }
    console.log(`@iptv/xmltv: ${iptv.ms.toFixed(0)} ms (best of ${RUNS}, string already in memory)`);

    const child = execFileSync(process.execPath, [import.meta.filename, RSS_FLAG, path], {
      encoding: "utf8",
    });
    const peakRssMb = Number(child.trim().split("\n").at(-1));

    console.log(
      JSON.stringify({
        programmes: fixture.programmes,
        file_mb: round(fileMb),
        ours_ms: round(ours.ms),
        iptv_ms: round(iptv.ms),
        parse_vs_iptv_xmltv_ratio: round(iptv.ms / ours.ms),
        ours_peak_rss_mb: round(peakRssMb),
      }),
    );
  } finally {
    rmSync(path, { force: true });
  }
}

/** Child mode: parse once, print peak RSS in MB (maxRSS is in KiB). */
async function measureRss(path: string): Promise<void> {
  await parseFile(path);
  console.log(process.resourceUsage().maxRSS / 1024);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

const rssIndex = process.argv.indexOf(RSS_FLAG);
if (rssIndex === -1) await main();
else await measureRss(process.argv[rssIndex + 1] as string);
