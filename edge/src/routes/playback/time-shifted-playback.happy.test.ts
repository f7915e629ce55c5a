/**
 * Restart and catch-up (issue 12 §2): the answer says what was granted, and the signed policy
 * covers exactly that window of the channel.
 */
import type { HeartbeatResponse, PlaybackResponse } from "@seeyoo/schema/wire";
import { describe, expect, it } from "vitest";
import {
  cloudfront,
  decodePolicy,
  parseSetCookies,
  verifiesWithPublicKey,
} from "../../../test/cloudfront-test-support.ts";
import { heartbeat, startPlayback, startSession } from "../../../test/playback-requests.ts";
import { at, HOUR, iso, MINUTE, param } from "../../../test/time-shift-support.ts";
import {
  createChannel,
  createProgrammes,
  edgeFetch,
  hlsPathOf,
  signUp,
} from "../../../test/worker-harness.ts";

function policyOf(res: Response): { resource: string; json: string; signature: string } {
  const cookies = parseSetCookies(res.headers);
  const json = decodePolicy(cookies.get("CloudFront-Policy")!.value);
  return {
    resource: JSON.parse(json).Statement[0].Resource,
    json,
    signature: cookies.get("CloudFront-Signature")!.value,
  };
}

async function channelWith(
  rights: { restartAllowed?: boolean; catchupHours?: number },
  countries?: string[],
) {
  const channel = await createChannel({ ...rights, allowedCountries: countries ?? [] });
  return { channel, hlsPath: await hlsPathOf(channel) };
}

describe("restart: the programme on air, from its beginning", () => {
  it("grants a manifest from the programme's start that grows to the live edge (no end), signed for that window only", async () => {
    const { accessToken } = await signUp();
    const { channel, hlsPath } = await channelWith({ restartAllowed: true });
    const start = at(-25 * MINUTE);
    const end = at(35 * MINUTE);
    const [, onAir] = await createProgrammes(channel, [
      { start: iso(at(-85 * MINUTE)), end: iso(start), title: "Before" },
      { start: iso(start), end: iso(end), title: "On air" },
    ]);

    const res = await startPlayback(accessToken, channel, { json: { programmeId: onAir } });
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("private, no-store");
    const body = await res.json<PlaybackResponse>();
    expect(body.kind).toBe("restart");
    expect(body.programme).toMatchObject({ id: onAir, title: "On air", start: iso(start), end: iso(end) });
    expect(body.window).toEqual({ start: iso(start), end: null });

    const master = `${cloudfront.cdnBaseUrl}${hlsPath}/master.m3u8?start=${param(start)}`;
    expect(body.url.startsWith(`${master}&Policy=`)).toBe(true);
    expect(new URL(body.url).searchParams.get("start")).toBe(start.toISOString().replace(".000Z", "Z"));
    expect(new URL(body.url).searchParams.has("end")).toBe(false);
    const policy = policyOf(res);
    expect(policy.resource).toBe(`${cloudfront.cdnBaseUrl}${hlsPath}/*?start=${param(start)}`);
    expect(await verifiesWithPublicKey(policy.json, policy.signature)).toBe(true);
    expect(new URL(body.url).searchParams.get("Signature")).toBe(policy.signature);
  });

  it("starts at startAt inside the programme on air (resume), still as a restart of that programme", async () => {
    const { accessToken } = await signUp();
    const { channel } = await channelWith({ restartAllowed: true });
    const [id] = await createProgrammes(channel, [
      { start: iso(at(-40 * MINUTE)), end: iso(at(20 * MINUTE)), title: "Long show" },
    ]);
    const resumeAt = new Date(at(-10 * MINUTE).getTime() + 12_345);
    const body = await startSession(accessToken, channel, { json: { startAt: resumeAt.toISOString() } });
    expect(body.kind).toBe("restart");
    expect(body.programme?.id).toBe(id);
    const wholeSecond = new Date(Math.floor(resumeAt.getTime() / 1000) * 1000);
    expect(body.window).toEqual({ start: iso(wholeSecond), end: null });
    expect(new URL(body.url).searchParams.get("start")).toBe(wholeSecond.toISOString().replace(".000Z", "Z"));
  });
});

describe("catch-up: a programme that ended, inside the catch-up window", () => {
  it("grants a fixed manifest from start to end, signed for exactly that window", async () => {
    const { accessToken } = await signUp();
    const { channel, hlsPath } = await channelWith({ catchupHours: 24 });
    const start = at(-5 * HOUR);
    const end = at(-4 * HOUR);
    const [id] = await createProgrammes(channel, [
      { start: iso(start), end: iso(end), title: "Yesterday's news" },
    ]);

    const res = await startPlayback(accessToken, channel, { json: { programmeId: id } });
    expect(res.status).toBe(200);
    const body = await res.json<PlaybackResponse>();
    expect(body.kind).toBe("catchup");
    expect(body.window).toEqual({ start: iso(start), end: iso(end) });
    expect(body.programme?.title).toBe("Yesterday's news");
    const query = `start=${param(start)}&end=${param(end)}`;
    expect(body.url.startsWith(`${cloudfront.cdnBaseUrl}${hlsPath}/master.m3u8?${query}&Policy=`)).toBe(true);
    expect(policyOf(res).resource).toBe(`${cloudfront.cdnBaseUrl}${hlsPath}/*?${query}`);
  });

  it("plays from startAt to the end of the programme airing then", async () => {
    const { accessToken } = await signUp();
    const { channel } = await channelWith({ catchupHours: 168 });
    const end = at(-2 * HOUR);
    const [id] = await createProgrammes(channel, [
      { start: iso(at(-3 * HOUR)), end: iso(end), title: "Film" },
    ]);
    const from = at(-150 * MINUTE);
    const body = await startSession(accessToken, channel, { json: { startAt: from.toISOString() } });
    expect(body).toMatchObject({ kind: "catchup", window: { start: iso(from), end: iso(end) } });
    expect(body.programme?.id).toBe(id);
  });

  it("reaches back to the start of the catch-up window (programme started 167 h 59 min ago with 168 h)", async () => {
    const { accessToken } = await signUp();
    const { channel } = await channelWith({ catchupHours: 168 });
    const [id] = await createProgrammes(channel, [
      { start: iso(at(-168 * HOUR + 2 * MINUTE)), end: iso(at(-167 * HOUR)), title: "A week ago" },
    ]);
    const res = await startPlayback(accessToken, channel, { json: { programmeId: id } });
    expect(res.status).toBe(200);
    expect((await res.json<PlaybackResponse>()).kind).toBe("catchup");
  });

  it("renews a catch-up session with the same window at every heartbeat", async () => {
    const { accessToken } = await signUp();
    const { channel, hlsPath } = await channelWith({ catchupHours: 24 });
    const start = at(-3 * HOUR);
    const end = at(-2 * HOUR);
    const [id] = await createProgrammes(channel, [{ start: iso(start), end: iso(end), title: "Again" }]);
    const started = await startPlayback(accessToken, channel, { json: { programmeId: id } });
    const session = await started.json<PlaybackResponse>();

    const beat = await heartbeat(accessToken, session.sessionId);
    expect(beat.status).toBe(200);
    const renewed = await beat.json<HeartbeatResponse>();
    const query = `start=${param(start)}&end=${param(end)}`;
    expect(renewed.url.startsWith(`${cloudfront.cdnBaseUrl}${hlsPath}/master.m3u8?${query}&Policy=`)).toBe(
      true,
    );
    const policy = policyOf(beat);
    expect(policy.resource).toBe(policyOf(started).resource);
    expect(await verifiesWithPublicKey(policy.json, policy.signature)).toBe(true);
  });
});

describe("the same rules as live", () => {
  it("an empty body or {} is live", async () => {
    const { accessToken } = await signUp();
    const { channel, hlsPath } = await channelWith({ restartAllowed: true, catchupHours: 24 });
    for (const res of [
      await startPlayback(accessToken, channel),
      await startPlayback(accessToken, channel, { json: {} }),
    ]) {
      expect(res.status).toBe(200);
      const body = await res.json<PlaybackResponse>();
      expect(body).toMatchObject({ kind: "live", programme: null, window: null });
      expect(policyOf(res).resource).toBe(`${cloudfront.cdnBaseUrl}${hlsPath}/*`);
    }
  });

  it("time-shifted streams count against the stream limit like live ones", async () => {
    const { accessToken } = await signUp();
    const { channel } = await channelWith({ restartAllowed: true, catchupHours: 24 });
    const [past, onAir] = await createProgrammes(channel, [
      { start: iso(at(-2 * HOUR)), end: iso(at(-1 * HOUR)), title: "Past" },
      { start: iso(at(-10 * MINUTE)), end: iso(at(50 * MINUTE)), title: "Now" },
    ]);
    expect((await startPlayback(accessToken, channel, { json: { programmeId: past } })).status).toBe(200);
    expect((await startPlayback(accessToken, channel, { json: { programmeId: onAir } })).status).toBe(200);
    const third = await startPlayback(accessToken, channel);
    expect(third.status).toBe(429);
    expect((await third.json<{ type: string }>()).type).toBe("https://seeyoo.tv/problems/too-many-streams");
  });

  it("time-shifted playback follows the channel's geo rules (451 elsewhere, 200 where allowed)", async () => {
    const { accessToken } = await signUp();
    const { channel } = await channelWith({ catchupHours: 24 }, ["AT"]);
    const [id] = await createProgrammes(channel, [
      { start: iso(at(-2 * HOUR)), end: iso(at(-1 * HOUR)), title: "Licensed in Austria" },
    ]);
    const elsewhere = await startPlayback(accessToken, channel, { json: { programmeId: id }, country: "DE" });
    expect(elsewhere.status).toBe(451);
    expect(elsewhere.headers.getSetCookie()).toEqual([]);
    expect(
      (await startPlayback(accessToken, channel, { json: { programmeId: id }, country: "AT" })).status,
    ).toBe(200);
  });
});

describe("the catalogue and the API document", () => {
  it("lists each channel's rights and documents the replayable rule and the playback body", async () => {
    const { channel } = await channelWith({ restartAllowed: true, catchupHours: 72 });
    const one = await (await edgeFetch(`/v1/channels/${channel}`)).json<Record<string, unknown>>();
    expect(one).toMatchObject({ restartAllowed: true, catchupHours: 72 });
    const list = await (await edgeFetch("/v1/channels")).json<{ channels: Record<string, unknown>[] }>();
    expect(list.channels.find((c) => c.id === channel)).toMatchObject({
      restartAllowed: true,
      catchupHours: 72,
    });

    const doc = await (await edgeFetch("/v1/openapi.json")).text();
    const parsed = JSON.parse(doc);
    const start = parsed.paths["/v1/channels/{id}/playback"].post;
    expect(Object.keys(start.responses)).toEqual(expect.arrayContaining(["200", "403", "404", "429", "451"]));
    expect(start.requestBody.required).toBe(false); // no body: live
    const requestSchema = JSON.stringify(start.requestBody);
    expect(requestSchema).toContain("programmeId");
    expect(requestSchema).toContain("startAt");
    expect(doc).toContain("A programme is replayable when it has ended");
  });
});
