/** Time-shifted requests are signed requests like any other: the query opens nothing. */
import { getSignedUrl } from "@aws-sdk/cloudfront-signer";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FixtureCdn, KEY_PAIR_ID, signedChannelUrl, startFixtureCdn } from "./testing/fixture-cdn.ts";

const now = Date.now();
let fixture: FixtureCdn;
const start = encodeURIComponent(new Date(now - 3_600_000).toISOString());

beforeAll(async () => {
  fixture = await startFixtureCdn({ clock: () => now });
});
afterAll(() => fixture.close());

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
