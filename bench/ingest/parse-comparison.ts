/** Parse throughput ours vs @iptv/xmltv: runs bench/xmltv-parse.bench.ts as it is and reads its JSON line. */
import { execFile } from "node:child_process";
import { promisify } from "node:util";

export async function measureParseRatio(): Promise<{ ratio: number; oursMs: number; iptvMs: number }> {
  const { stdout } = await promisify(execFile)(process.execPath, ["bench/xmltv-parse.bench.ts"], {
    maxBuffer: 16 * 1024 * 1024,
  });
  const summary = JSON.parse(stdout.trim().split("\n").at(-1) as string) as {
    parse_vs_iptv_xmltv_ratio: number;
    ours_ms: number;
    iptv_ms: number;
  };
  return { ratio: summary.parse_vs_iptv_xmltv_ratio, oursMs: summary.ours_ms, iptvMs: summary.iptv_ms };
}
