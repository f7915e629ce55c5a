/**
 * Time-shifted requests are signed requests like any other: the query opens nothing. And a grant
 * scoped to one window, as the edge signs restart and catch-up (`<folder>/*?start=…[&end=…]`),
 * plays that window and opens nothing else — not live, not another window, not by rearranging
 * the query.
 */
import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { describe, expect, it } from "vitest";
import { channelPolicy, fixtureCdnForFile, KEY_PAIR_ID, signedChannelUrl } from "./testing/fixture-cdn.ts";

const now = Date.now();
const fixture = await fixtureCdnForFile({ clock: () => now });
const start = encodeURIComponent(new Date(now - 3_600_000).toISOString());

describe("time-shifted manifests", () => {
  it("are refused without a signature, before any window check", async () => {
    for (const path of [
      `/live/seeyoo-one/master.m3u8?start=${start}`,
      `/live/seeyoo-one/360p/index.m3u8?start=${start}`,
      "/live/seeyoo-one/360p/index.m3u8?start=yesterday",
    ]) {
      const res = await fetch(`${fixture.cdn.url}${path}`);
      expect(res.status).toBe(403);
      expect(await res.text()).toMatch(/^AccessDenied: Missing Key-Pair-Id/);
    }
  });

  it("are refused with another channel's policy", async () => {
    const newsSigned = signedChannelUrl(fixture, `/live/seeyoo-news/master.m3u8?start=${start}`);
    const forged = newsSigned.replace("/live/seeyoo-news/", "/live/seeyoo-one/");
    expect((await fetch(forged)).status).toBe(403);
  });

  it("are refused with a canned signature for the live URL: start is part of the signed URL", async () => {
    const live = getSignedUrl({
      url: `${fixture.cdn.url}/live/seeyoo-one/master.m3u8`,
      keyPairId: KEY_PAIR_ID,
      privateKey: fixture.privateKey,
      dateLessThan: new Date(fixture.epochIn(300) * 1000),
    });
    expect((await fetch(live)).status).toBe(200);
    expect((await fetch(`${live}&start=${start}`)).status).toBe(403);
  });
});

describe("a grant scoped to one window (as the edge signs restart and catch-up)", () => {
  const isoSeconds = (ms: number) =>
    new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");
  const windowStart = now - 3 * 3_600_000;
  const windowEnd = now - 2 * 3_600_000;
  const catchUp = new URLSearchParams({
    start: isoSeconds(windowStart),
    end: isoSeconds(windowEnd),
  }).toString();
  const folder = () => `${fixture.cdn.url}/live/seeyoo-one`;
  /**
   * `url` (with its own query, verbatim) carrying the window's grant — its Policy, Signature and
   * Key-Pair-Id appended, as the web player (or anyone holding the grant) sends them.
   */
  const withGrant = (url: string, windowQuery = catchUp) => {
    const signed = new URL(
      getSignedUrl({
        url: `${folder()}/master.m3u8?${windowQuery}`,
        keyPairId: KEY_PAIR_ID,
        privateKey: fixture.privateKey,
        policy: channelPolicy(`${folder()}/*?${windowQuery}`, fixture.epochIn(60)),
      }),
    ).searchParams;
    const grant = ["Policy", "Signature", "Key-Pair-Id"].map((n) => `${n}=${signed.get(n)}`).join("&");
    return `${url}${url.includes("?") ? "&" : "?"}${grant}`;
  };
  const status = async (url: string) => (await fetch(withGrant(url))).status;
  const uris = (playlist: string) => playlist.split("\n").filter((l) => l !== "" && !l.startsWith("#"));

  it("plays its window: master, rendition playlist and segments, following the playlists", async () => {
    const master = await fetch(withGrant(`${folder()}/master.m3u8?${catchUp}`));
    expect(master.status).toBe(200);
    const rendition = uris(await master.text())[0] as string;
    expect(rendition).toBe(`360p/index.m3u8?${catchUp}`);
    const playlist = await fetch(withGrant(`${folder()}/${rendition}`));
    expect(playlist.status).toBe(200);
    const body = await playlist.text();
    expect(body.trimEnd().endsWith("#EXT-X-ENDLIST")).toBe(true);
    const segment = uris(body)[0] as string;
    expect(await status(`${folder()}/360p/${segment}`)).toBe(200);
  });

  it("opens nothing live, no other window and no other channel (403)", async () => {
    const earlier = new URLSearchParams({
      start: isoSeconds(windowStart - 3_600_000),
      end: isoSeconds(windowEnd),
    });
    const toLiveEdge = new URLSearchParams({
      start: isoSeconds(windowStart),
      end: isoSeconds(now + 3_600_000),
    });
    for (const url of [
      `${folder()}/master.m3u8`,
      `${folder()}/360p/index.m3u8`,
      `${folder()}/360p/seg_000.ts`,
      `${folder()}/master.m3u8?start=${encodeURIComponent(isoSeconds(windowStart))}`,
      `${folder()}/master.m3u8?${earlier}`,
      `${folder()}/master.m3u8?${toLiveEdge}`,
      `${fixture.cdn.url}/live/seeyoo-news/master.m3u8?${catchUp}`,
    ]) {
      expect(await status(url), url).toBe(403);
    }
  });

  it("refuses a rearranged query that still ends with the window's (400): an earlier start, a later end, a stray parameter", async () => {
    const earlierStart = encodeURIComponent(isoSeconds(windowStart - 3_600_000));
    const laterEnd = encodeURIComponent(isoSeconds(now + 3_600_000));
    for (const query of [
      `start=${earlierStart}&x=?${catchUp}`,
      `end=${laterEnd}&${catchUp}`,
      `start=${earlierStart}&end=${laterEnd}&${catchUp}`,
      `x=y&${catchUp}`,
    ]) {
      const url = `${folder()}/master.m3u8?${query}`;
      const res = await fetch(withGrant(url));
      expect(res.status, url).toBe(400);
      expect(await res.text()).toMatch(
        /^BadRequest: (unexpected query parameter|start and end may each be given once)/,
      );
    }
  });

  it("a restart grant plays from its start and opens neither live nor a catch-up window", async () => {
    const restart = new URLSearchParams({ start: isoSeconds(now - 600_000) }).toString();
    const ok = await fetch(withGrant(`${folder()}/360p/index.m3u8?${restart}`, restart));
    expect(ok.status).toBe(200);
    expect(await ok.text()).toContain("#EXT-X-PLAYLIST-TYPE:EVENT");
    expect((await fetch(withGrant(`${folder()}/master.m3u8`, restart))).status).toBe(403);
    const window = `${restart}&end=${encodeURIComponent(isoSeconds(now))}`;
    expect((await fetch(withGrant(`${folder()}/master.m3u8?${window}`, restart))).status).toBe(403);
  });
});
