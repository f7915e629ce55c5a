/**
 * Viewing rights hold for the whole stream (issue 9 §4): a heartbeat re-checks the channel and the
 * viewer's country before it re-signs, a signature never outlives its session, and starts per
 * account are rate-limited so that start/stop loops cannot pile up valid grants.
 */
import type { PlaybackResponse } from "@seeyoo/schema/wire";
import { describe, expect, it } from "vitest";
import { decodePolicy, parseSetCookies } from "../../../test/cloudfront-test-support.ts";
import { endPlayback, heartbeat, startPlayback, startSession } from "../../../test/playback-requests.ts";
import {
  createChannel,
  edgeFetch,
  edgeFetchWith,
  POSTGRES_DOWN,
  signUp,
  updateChannel,
} from "../../../test/worker-harness.ts";
import type { Bindings } from "../../env.ts";

const PROBLEM = "application/problem+json";
const DEAD_REDIS = "http://127.0.0.1:1";

/** A start from Germany by the same Worker with some bindings changed. */
const startWith = (bindings: Partial<Bindings>, token: string, channelId: string) =>
  edgeFetchWith(bindings, `/v1/channels/${channelId}/playback`, {
    method: "POST",
    token,
    cf: { country: "DE" },
  });

/** Seconds from now until the signed policy (cookie) expires. */
function policyLifetimeSeconds(headers: Headers): number {
  const policy = JSON.parse(decodePolicy(parseSetCookies(headers).get("CloudFront-Policy")!.value));
  return policy.Statement[0].Condition.DateLessThan["AWS:EpochTime"] - Date.now() / 1000;
}

async function expectRefusedWithoutSignature(res: Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain(PROBLEM);
  expect(res.headers.getSetCookie()).toEqual([]);
  const body = await res.json<Record<string, unknown>>();
  expect(body.type).toBe(`https://seeyoo.tv/problems/${type}`);
  expect(body).not.toHaveProperty("url");
}

describe("a heartbeat re-checks the viewing rights before it re-signs", () => {
  it("refuses a viewer who moved to a country the channel is not licensed in (451), and ends the session", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel({ allowedCountries: ["DE"] });
    const { sessionId } = await startSession(accessToken, channel, { country: "DE" });

    await expectRefusedWithoutSignature(await heartbeat(accessToken, sessionId, "FR"), 451, "geo-blocked");
    // The session is over: coming back to Germany does not revive it, and its slot is free.
    expect((await heartbeat(accessToken, sessionId, "DE")).status).toBe(404);
  });

  it("refuses a heartbeat whose country is unknown on a restricted channel (451)", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel({ allowedCountries: ["DE"] });
    const { sessionId } = await startSession(accessToken, channel, { country: "DE" });
    await expectRefusedWithoutSignature(await heartbeat(accessToken, sessionId, null), 451, "geo-blocked");
  });

  it("refuses heartbeats once an admin deactivates the channel (404)", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const { sessionId } = await startSession(accessToken, channel);
    expect((await heartbeat(accessToken, sessionId)).status).toBe(200);

    await updateChannel(channel, { active: false });
    await expectRefusedWithoutSignature(await heartbeat(accessToken, sessionId), 404, "not-found");
  });

  it("refuses heartbeats once an admin restricts the channel to other countries (451)", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const { sessionId } = await startSession(accessToken, channel, { country: "DE" });
    await updateChannel(channel, { allowedCountries: ["AT"] });
    await expectRefusedWithoutSignature(await heartbeat(accessToken, sessionId, "DE"), 451, "geo-blocked");
  });

  it("re-checks from the catalog's cached channel list: no Postgres round trip per heartbeat", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel({ allowedCountries: ["DE"] });
    const { sessionId } = await startSession(accessToken, channel, { country: "DE" });
    expect((await edgeFetch("/v1/channels")).status).toBe(200); // the list is cached for this catalog version
    const beat = (country: string) =>
      edgeFetchWith(POSTGRES_DOWN, `/v1/playback/${sessionId}/heartbeat`, {
        method: "POST",
        token: accessToken,
        cf: { country },
      });
    const first = await beat("DE");
    expect(first.status, first.body).toBe(200);
    expect((await beat("FR")).status).toBe(451);
  });

  it("frees the slot of a session whose heartbeat was refused", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel({ allowedCountries: ["DE"] });
    const first = await startSession(accessToken, channel);
    expect((await startPlayback(accessToken, channel)).status).toBe(200);
    expect((await startPlayback(accessToken, channel)).status).toBe(429);
    expect((await heartbeat(accessToken, first.sessionId, "FR")).status).toBe(451);
    expect((await startPlayback(accessToken, channel)).status).toBe(200);
  });
});

describe("a signature does not outlive its session", () => {
  it("lives at most twice the heartbeat interval, on start and on every heartbeat, whatever PLAYBACK_TTL_SECONDS says", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const res = await startPlayback(accessToken, channel);
    const body = await res.json<PlaybackResponse>();
    const limit = 2 * body.heartbeatIntervalSeconds;
    expect(policyLifetimeSeconds(res.headers)).toBeLessThanOrEqual(limit);
    expect(policyLifetimeSeconds(res.headers)).toBeGreaterThan(limit - 5);
    expect(Date.parse(body.expiresAt)).toBeLessThan(Date.parse(body.sessionExpiresAt));
    for (const cookie of parseSetCookies(res.headers).values()) {
      expect(Number(cookie.attributes["max-age"])).toBeLessThanOrEqual(limit);
    }
    const renewed = await heartbeat(accessToken, body.sessionId);
    expect(renewed.status).toBe(200);
    expect(policyLifetimeSeconds(renewed.headers)).toBeLessThanOrEqual(limit);
  });

  it("follows a shorter session TTL (9 s → heartbeat every 3 s → signature ≤ 6 s)", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const res = await startWith(
      { STREAM_SESSION_TTL_SECONDS: "9", PLAYBACK_TTL_SECONDS: "300" },
      accessToken,
      channel,
    );
    expect(res.status).toBe(200);
    expect((res.json() as PlaybackResponse).heartbeatIntervalSeconds).toBe(3);
    expect(policyLifetimeSeconds(res.headers)).toBeLessThanOrEqual(6);
  });
});

describe("starts per account are rate-limited", () => {
  it("refuses the 7th start within a minute with 429 and Retry-After, even when every session was ended", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    for (let i = 0; i < 6; i++) {
      const res = await startPlayback(accessToken, channel);
      expect(res.status, `start ${i + 1}`).toBe(200);
      expect((await endPlayback(accessToken, (await res.json<PlaybackResponse>()).sessionId)).status).toBe(
        204,
      );
    }
    const refused = await startPlayback(accessToken, channel);
    await expectRefusedWithoutSignature(refused, 429, "rate-limited");
    const retryAfter = Number(refused.headers.get("retry-after"));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);

    // Another account is not limited by mine.
    expect((await startPlayback((await signUp()).accessToken, channel)).status).toBe(200);
  });

  it("lets exactly the allowed number of starts through when many race", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const statuses = await Promise.all(
      Array.from({ length: 10 }, () =>
        startWith({ MAX_CONCURRENT_STREAMS: "50" }, accessToken, channel).then((r) => r.status),
      ),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(6);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });

  it("follows PLAYBACK_STARTS_PER_MINUTE", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const limited = () => startWith({ PLAYBACK_STARTS_PER_MINUTE: "1" }, accessToken, channel);
    expect((await limited()).status).toBe(200);
    const second = await limited();
    expect(second.status).toBe(429);
    expect(second.json()).toMatchObject({ type: "https://seeyoo.tv/problems/rate-limited" });
  });
});

describe("stream sessions live in the state Redis", () => {
  /** Three starts in a row with these bindings: the third is over the limit of two when sessions are kept. */
  async function threeStarts(bindings: Partial<Bindings>): Promise<number[]> {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const statuses: number[] = [];
    for (let i = 0; i < 3; i++) statuses.push((await startWith(bindings, accessToken, channel)).status);
    return statuses;
  }

  it("still limits streams when the cache Redis is down", async () => {
    expect(await threeStarts({ UPSTASH_REDIS_REST_URL: DEAD_REDIS })).toEqual([200, 200, 429]);
  });

  it("falls back to the cache Redis when no state Redis is configured", async () => {
    const noState = { UPSTASH_STATE_REST_URL: undefined, UPSTASH_STATE_REST_TOKEN: undefined };
    expect(await threeStarts(noState)).toEqual([200, 200, 429]);
  });
});
