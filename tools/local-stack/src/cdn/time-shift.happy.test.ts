/**
 * Time-shifted HLS on the local CDN, as MediaPackage v2 serves it: the same manifest URL with
 * `start` (restart) or `start`+`end` (catch-up), computed from the clock over the looped test media.
 * The fixture's loop: 3 segments of 2 s; the clock stands still at `now`.
 */
import { describe, expect, it } from "vitest";
import { fixtureCdnForFile, signedChannelUrl } from "./testing/fixture-cdn.ts";

const HOUR = 3_600_000;
// 02:00:01.5 UTC on the night Europe moves its clocks (01:00 UTC): UTC has no such night.
const now = Date.UTC(2026, 2, 29, 2, 0, 1, 500);
const fixture = await fixtureCdnForFile({
  clock: () => now,
  startoverHours: new Map([["/live/seeyoo-news", 48]]),
});

async function get(path: string): Promise<{ status: number; body: string }> {
  const res = await fetch(signedChannelUrl(fixture, path));
  return { status: res.status, body: await res.text() };
}

/** Wall-clock start of each segment (PROGRAM-DATE-TIME, then the durations). */
function airTimes(playlist: string): number[] {
  const times: number[] = [];
  let next = Number.NaN;
  let duration = 0;
  for (const line of playlist.split("\n")) {
    if (line.startsWith("#EXT-X-PROGRAM-DATE-TIME:")) next = Date.parse(line.slice(25));
    else if (line.startsWith("#EXTINF:")) duration = Math.round(Number.parseFloat(line.slice(8)) * 1000);
    else if (line !== "" && !line.startsWith("#")) {
      times.push(next);
      next += duration;
    }
  }
  return times;
}

const iso = (ms: number) => new Date(ms).toISOString();
const media = (query: string) => `/live/seeyoo-one/360p/index.m3u8?${query}`;

describe("live manifests", () => {
  it("carry PROGRAM-DATE-TIME on the wall clock and a two-hour DVR window", async () => {
    const { status, body } = await get("/live/seeyoo-one/360p/index.m3u8");
    expect(status).toBe(200);
    expect(body).not.toContain("#EXT-X-ENDLIST");
    const times = airTimes(body);
    // 1.5 s into the current 2 s slot: the last published segment started 3.5 s ago.
    expect(times.at(-1)).toBe(now - 3_500);
    expect(now - (times[0] as number)).toBeGreaterThanOrEqual(2 * HOUR);
    expect(now - (times[0] as number)).toBeLessThan(2 * HOUR + 2_000);
  });
});

describe("restart (start only)", () => {
  it("passes start on from the master playlist to every rendition", async () => {
    const start = iso(now - HOUR);
    const { status, body } = await get(`/live/seeyoo-one/master.m3u8?start=${encodeURIComponent(start)}`);
    expect(status).toBe(200);
    expect(body.split("\n").filter((l) => l !== "" && !l.startsWith("#"))).toEqual([
      `360p/index.m3u8?start=${encodeURIComponent(start)}`,
    ]);
  });

  it("grows from the segment airing at start to the live edge (EVENT)", async () => {
    const start = now - HOUR - 700;
    const { status, body } = await get(media(`start=${encodeURIComponent(iso(start))}`));
    expect(status).toBe(200);
    expect(body).toContain("#EXT-X-PLAYLIST-TYPE:EVENT");
    expect(body).not.toContain("#EXT-X-ENDLIST");
    const times = airTimes(body);
    expect(times[0]).toBeLessThanOrEqual(start);
    expect((times[0] as number) + 2_000).toBeGreaterThan(start);
    expect(times.at(-1)).toBe(now - 3_500);
  });

  it("reads epoch seconds and ISO 8601 with any offset as the same UTC instant", async () => {
    const start = Date.UTC(2026, 2, 29, 1, 30, 0);
    const forms = [
      String(start / 1000),
      "2026-03-29T01:30:00Z",
      "2026-03-29T03:30:00+02:00",
      "2026-03-28T20:30:00-0500",
    ];
    const bodies = await Promise.all(
      forms.map(async (form) => (await get(media(`start=${encodeURIComponent(form)}`))).body),
    );
    expect(airTimes(bodies[0] as string)[0]).toBe(start);
    // The same segments at the same times; each names them with the query it was asked with.
    const withoutQuery = (body: string) => body.replace(/\?start=.*$/gm, "");
    for (const body of bodies) expect(withoutQuery(body)).toBe(withoutQuery(bodies[0] as string));
  });
});

describe("what time-shifted playlists name", () => {
  it("segments carry the window's query (so a grant for that window covers them); live segments carry none", async () => {
    const start = Date.UTC(2026, 2, 28, 20, 0, 0);
    const query = new URLSearchParams({ start: iso(start), end: iso(start + 60_000) }).toString();
    const catchUp = (await get(media(query))).body;
    const uris = (body: string) => body.split("\n").filter((l) => l !== "" && !l.startsWith("#"));
    expect(uris(catchUp)).toHaveLength(30);
    for (const uri of uris(catchUp)) expect(uri).toMatch(new RegExp(`^seg_00\\d\\.ts\\?${query}$`));
    const restart = (await get(media(`start=${encodeURIComponent(iso(now - 60_000))}`))).body;
    for (const uri of uris(restart))
      expect(uri.endsWith(`?start=${encodeURIComponent(iso(now - 60_000))}`)).toBe(true);
    for (const uri of uris((await get("/live/seeyoo-one/360p/index.m3u8")).body))
      expect(uri).not.toContain("?");
  });
});

describe("catch-up (start and end)", () => {
  it("is a fixed playlist from start to end, closed with ENDLIST, and the master passes both on", async () => {
    const start = Date.UTC(2026, 2, 28, 20, 0, 0);
    const end = start + 30 * 60_000;
    const query = `start=${start / 1000}&end=${end / 1000}`;
    const master = await get(`/live/seeyoo-one/master.m3u8?${query}`);
    expect(master.body).toContain(`360p/index.m3u8?${query}\n`);
    const { status, body } = await get(media(query));
    expect(status).toBe(200);
    expect(body).toContain("#EXT-X-PLAYLIST-TYPE:VOD");
    expect(body.trimEnd().endsWith("#EXT-X-ENDLIST")).toBe(true);
    const times = airTimes(body);
    expect(times[0]).toBe(start);
    expect(times.at(-1)).toBe(end - 2_000);
    expect(times).toHaveLength(900);
  });
});

describe("the startover window", () => {
  it("reaches back 168 hours by default, to the millisecond", async () => {
    expect((await get(media(`start=${iso(now - 168 * HOUR)}`))).status).toBe(200);
    expect((await get(media(`start=${iso(now - 168 * HOUR - 1)}`))).status).toBe(404);
  });

  it("is per channel folder", async () => {
    const start = `start=${iso(now - 49 * HOUR)}`;
    expect((await get(`/live/seeyoo-news/360p/index.m3u8?${start}`)).status).toBe(404);
    expect((await get(`/live/seeyoo-news/master.m3u8?${start}`)).status).toBe(404);
    expect((await get(`/live/seeyoo-news/360p/index.m3u8?start=${iso(now - 47 * HOUR)}`)).status).toBe(200);
    expect((await get(media(start))).status).toBe(200);
  });

  it("is never shorter than 24 hours", async () => {
    const short = await fixtureCdnForFile({
      clock: () => now,
      startoverHours: new Map([["/live/seeyoo-one", 1]]),
    });
    try {
      const url = signedChannelUrl(short, media(`start=${iso(now - 23 * HOUR)}`));
      expect((await fetch(url)).status).toBe(200);
      expect((await fetch(signedChannelUrl(short, media(`start=${iso(now - 25 * HOUR)}`)))).status).toBe(404);
    } finally {
      await short.close();
    }
  });
});
