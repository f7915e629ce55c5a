/**
 * What a time-shifted grant opens, checked with CloudFront's own matching rule (the local CDN's):
 * exactly its window of its channel — never live, never another window — and only while the
 * channel's rights still hold (re-checked at every heartbeat).
 */

import { resourceMatches } from "@seeyoo/local-stack/cdn/resource-pattern";
import type { PlaybackResponse } from "@seeyoo/schema/wire";
import { describe, expect, it } from "vitest";
import { cloudfront, decodePolicy, parseSetCookies } from "../../../test/cloudfront-test-support.ts";
import { heartbeat, startPlayback, startSession } from "../../../test/playback-requests.ts";
import { at, HOUR, MINUTE, param } from "../../../test/time-shift-support.ts";
import {
  createChannel,
  createProgrammes,
  hlsPathOf,
  signUp,
  updateChannel,
} from "../../../test/worker-harness.ts";

const resourceOf = (res: Response) =>
  JSON.parse(decodePolicy(parseSetCookies(res.headers).get("CloudFront-Policy")!.value)).Statement[0]
    .Resource as string;

async function pastProgrammeChannel(rights: { restartAllowed?: boolean; catchupHours?: number }) {
  const channel = await createChannel(rights);
  const start = at(-3 * HOUR);
  const end = at(-2 * HOUR);
  const [past, onAir] = await createProgrammes(channel, [
    { start: start.toISOString(), end: end.toISOString(), title: "Yesterday" },
    { start: at(-10 * MINUTE).toISOString(), end: at(50 * MINUTE).toISOString(), title: "Now" },
  ]);
  const hlsPath = await hlsPathOf(channel);
  return { channel, hlsPath, past: past!, onAir: onAir!, start, end };
}

describe("what a catch-up grant lets its holder fetch", () => {
  it("covers the window's master and rendition playlists and the segments they name with its query — and nothing live", async () => {
    const { accessToken } = await signUp();
    const { channel, hlsPath, past, start, end } = await pastProgrammeChannel({ catchupHours: 24 });
    const res = await startPlayback(accessToken, channel, { json: { programmeId: past } });
    expect(res.status).toBe(200);
    const resource = resourceOf(res);
    const folder = `${cloudfront.cdnBaseUrl}${hlsPath}`;
    const window = `start=${param(start)}&end=${param(end)}`;

    for (const covered of [
      `${folder}/master.m3u8?${window}`,
      `${folder}/360p/index.m3u8?${window}`,
      `${folder}/720p/seg_00042.ts?${window}`,
    ]) {
      expect(resourceMatches(resource, covered), covered).toBe(true);
    }
    const otherStart = at(-4 * HOUR);
    for (const refused of [
      `${folder}/master.m3u8`, // live
      `${folder}/360p/index.m3u8`,
      `${folder}/360p/seg_00042.ts`,
      `${folder}/master.m3u8?start=${param(start)}`, // a restart from the programme's start, growing to live
      `${folder}/master.m3u8?start=${param(otherStart)}&end=${param(end)}`, // an earlier window
      `${folder}/master.m3u8?start=${param(start)}&end=${param(at(HOUR))}`, // a window reaching the live edge
      `${cloudfront.cdnBaseUrl}/live/another-channel/master.m3u8?${window}`,
      `${folder}-extra/master.m3u8?${window}`,
    ]) {
      expect(resourceMatches(resource, refused), refused).toBe(false);
    }
  });

  it("is signed the same in the cookie and in the URL, and the heartbeat renews exactly it", async () => {
    const { accessToken } = await signUp();
    const { channel, past } = await pastProgrammeChannel({ catchupHours: 24 });
    const res = await startPlayback(accessToken, channel, { json: { programmeId: past } });
    const body = await res.json<PlaybackResponse>();
    expect(new URL(body.url).searchParams.get("Policy")).toBe(
      parseSetCookies(res.headers).get("CloudFront-Policy")!.value,
    );
    const renewed = await heartbeat(accessToken, body.sessionId);
    expect(renewed.status).toBe(200);
    expect(resourceOf(renewed)).toBe(resourceOf(res));
    expect(resourceOf(renewed)).not.toMatch(/\/\*$/);
  });

  it("a restart grant covers its own window only, not live and not a catch-up of the same start", async () => {
    const { accessToken } = await signUp();
    const { channel, hlsPath, onAir } = await pastProgrammeChannel({ restartAllowed: true });
    const res = await startPlayback(accessToken, channel, { json: { programmeId: onAir } });
    const body = await res.json<PlaybackResponse>();
    const folder = `${cloudfront.cdnBaseUrl}${hlsPath}`;
    const start = param(new Date(body.window!.start));
    const resource = resourceOf(res);
    expect(resourceMatches(resource, `${folder}/360p/index.m3u8?start=${start}`)).toBe(true);
    expect(resourceMatches(resource, `${folder}/master.m3u8`)).toBe(false);
    expect(resourceMatches(resource, `${folder}/master.m3u8?start=${start}&end=${param(at(HOUR))}`)).toBe(
      false,
    );
  });
});

/** A heartbeat refused with 403 naming the right the session no longer has. */
async function expectRightMissing(res: Response, type: string) {
  expect(res.status).toBe(403);
  expect((await res.json<{ type: string }>()).type).toBe(`https://seeyoo.tv/problems/${type}`);
}

describe("time-shifted sessions lose their rights with the channel", () => {
  it("ends a restart session at its next heartbeat once the broadcaster withdraws restart (403, nothing signed)", async () => {
    const { accessToken } = await signUp();
    const { channel, onAir } = await pastProgrammeChannel({ restartAllowed: true });
    const { sessionId } = await startSession(accessToken, channel, { json: { programmeId: onAir } });
    expect((await heartbeat(accessToken, sessionId)).status).toBe(200);

    await updateChannel(channel, { restartAllowed: false });
    const refused = await heartbeat(accessToken, sessionId);
    expect(refused.headers.getSetCookie()).toEqual([]);
    await expectRightMissing(refused, "restart-not-allowed");
    expect((await heartbeat(accessToken, sessionId)).status).toBe(404);
  });

  it("ends a catch-up session once catch-up is withdrawn, or the window no longer reaches the programme", async () => {
    const { accessToken } = await signUp();
    for (const [change, type] of [
      [{ catchupHours: 0 }, "catchup-not-allowed"], // withdrawn
      [{ catchupHours: 1 }, "outside-catchup-window"], // the programme started 3 h ago
    ] as const) {
      const { channel, past } = await pastProgrammeChannel({ catchupHours: 24 });
      const { sessionId } = await startSession(accessToken, channel, { json: { programmeId: past } });
      await updateChannel(channel, change);
      await expectRightMissing(await heartbeat(accessToken, sessionId), type);
    }
  });

  it("a live session is not affected by the time-shift rights", async () => {
    const { accessToken } = await signUp();
    const { channel } = await pastProgrammeChannel({ restartAllowed: true, catchupHours: 24 });
    const { sessionId } = await startSession(accessToken, channel);
    await updateChannel(channel, { restartAllowed: false, catchupHours: 0 });
    expect((await heartbeat(accessToken, sessionId)).status).toBe(200);
  });
});
