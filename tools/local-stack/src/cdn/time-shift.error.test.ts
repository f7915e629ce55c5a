/** Time-shift requests MediaPackage refuses (404) or that are not times at all (400). */
import { describe, expect, it } from "vitest";
import { fixtureCdnForFile, signedChannelUrl } from "./testing/fixture-cdn.ts";

const now = Date.UTC(2026, 5, 1, 12, 0, 0);
const fixture = await fixtureCdnForFile({ clock: () => now });

const iso = (ms: number) => encodeURIComponent(new Date(ms).toISOString());

async function expectRefused(query: string, status: number, reason: RegExp): Promise<void> {
  for (const path of ["/live/seeyoo-one/master.m3u8", "/live/seeyoo-one/360p/index.m3u8"]) {
    const res = await fetch(signedChannelUrl(fixture, `${path}?${query}`));
    expect(res.status, `${path}?${query}`).toBe(status);
    expect(await res.text()).toMatch(reason);
  }
}

describe("time-shifted manifests", () => {
  it("are 404 for a start in the future", async () => {
    await expectRefused(`start=${iso(now + 1)}`, 404, /start is in the future/);
    await expectRefused(`start=${iso(now + 60_000)}&end=${iso(now + 120_000)}`, 404, /future/);
  });

  it("are 404 for a start older than the startover window", async () => {
    await expectRefused(`start=${iso(now - 169 * 3_600_000)}`, 404, /outside the channel's startover window/);
    await expectRefused(`start=${(now - 400 * 86_400_000) / 1000}&end=${now / 1000 - 60}`, 404, /startover/);
  });

  it("are 404 when end is not after start", async () => {
    await expectRefused(`start=${iso(now - 60_000)}&end=${iso(now - 60_000)}`, 404, /end is not after start/);
    await expectRefused(
      `start=${iso(now - 60_000)}&end=${iso(now - 120_000)}`,
      404,
      /end is not after start/,
    );
  });

  it.each([
    ["start=yesterday", /start must be/],
    ["start=2026-06-01T11:00:00", /start must be/], // no zone: local time is ambiguous
    ["start=2026-06-01", /start must be/],
    ["start=-60", /start must be/],
    [`start=${iso(now - 60_000)}&end=soon`, /end must be/],
    [`end=${iso(now - 60_000)}`, /end needs a start/],
    // Only one start and one end, and nothing else: a grant for one window matches any URL that ENDS
    // with that window's query, so whatever comes before it must not change the window.
    [`start=${iso(now - 60_000)}&start=${iso(now - 120_000)}`, /given once/],
    [`end=${iso(now)}&start=${iso(now - 120_000)}&end=${iso(now - 60_000)}`, /given once/],
    [`start=${iso(now - 120_000)}&end=${iso(now - 60_000)}&end=${iso(now - 30_000)}`, /given once/],
    [`start=${iso(now - 120_000)}&x=start=${iso(now - 60_000)}`, /unexpected query parameter "x"/],
    ["player=web", /unexpected query parameter "player"/],
  ])("are 400 for %s", async (query, reason) => {
    await expectRefused(query, 400, reason);
  });

  it("leave segments alone: a segment is a file, whatever its query", async () => {
    const res = await fetch(signedChannelUrl(fixture, "/live/seeyoo-one/360p/seg_000.ts?start=yesterday"));
    expect(res.status).toBe(200);
  });
});
