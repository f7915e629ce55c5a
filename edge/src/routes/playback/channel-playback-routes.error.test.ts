import type { PlaybackResponse } from "@seeyoo/schema/wire";
import { describe, expect, it } from "vitest";
import { endPlayback, startPlayback, startSession } from "../../../test/playback-requests.ts";
import { createChannel, edgeFetch, edgeFetchWith, signUp } from "../../../test/worker-harness.ts";

const PROBLEM = "application/problem+json";
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("POST /v1/channels/:id/playback — refusals", () => {
  it("answers 404 for an unknown or inactive channel and 400 for a malformed id", async () => {
    const { accessToken } = await signUp();
    const unknown = await startPlayback(accessToken, crypto.randomUUID());
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get("content-type")).toContain(PROBLEM);
    expect((await startPlayback(accessToken, await createChannel({ active: false }))).status).toBe(404);
    const malformed = await startPlayback(accessToken, "not-a-uuid");
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ type: "https://seeyoo.tv/problems/validation" });
  });

  it("answers 451 naming the country when the channel may not be watched there, without setting cookies", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel({ allowedCountries: ["DE"] });
    const res = await startPlayback(accessToken, channel, { country: "FR" });
    expect(res.status).toBe(451);
    expect(res.headers.get("content-type")).toContain(PROBLEM);
    expect(res.headers.getSetCookie()).toEqual([]);
    const problem = await res.json<{ type: string; detail: string }>();
    expect(problem.type).toBe("https://seeyoo.tv/problems/geo-blocked");
    expect(problem.detail).toContain("FR");
    expect((await startPlayback(accessToken, channel, { country: "DE" })).status).toBe(200);
  });

  it("refuses a geo-restricted channel when the country is unknown (no cf, or XX)", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel({ allowedCountries: ["DE"] });
    expect((await startPlayback(accessToken, channel, { country: null })).status).toBe(451);
    expect((await startPlayback(accessToken, channel, { country: "XX" })).status).toBe(451);
  });

  it("refuses a third concurrent stream with 429 naming the limit, and allows it once one session ends", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const first = await startSession(accessToken, channel);
    expect((await startPlayback(accessToken, await createChannel())).status).toBe(200);

    const third = await startPlayback(accessToken, channel);
    expect(third.status).toBe(429);
    expect(third.headers.get("content-type")).toContain(PROBLEM);
    expect(third.headers.getSetCookie()).toEqual([]);
    const problem = await third.json<{ type: string; detail: string; limit: number }>();
    expect(problem.type).toBe("https://seeyoo.tv/problems/too-many-streams");
    expect(problem.limit).toBe(2);
    expect(problem.detail).toContain("2 streams");

    expect((await endPlayback(accessToken, first.sessionId)).status).toBe(204);
    expect((await startPlayback(accessToken, channel)).status).toBe(200);
    expect((await startPlayback(accessToken, channel)).status).toBe(429);
  });

  it("allows a third stream again once a silent session has expired (TTL 1 s)", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const short = () =>
      edgeFetchWith({ STREAM_SESSION_TTL_SECONDS: "1" }, `/v1/channels/${channel}/playback`, {
        method: "POST",
        token: accessToken,
        cf: { country: "DE" },
      });
    expect((await short()).status).toBe(200);
    expect((await short()).status).toBe(200);
    expect((await short()).status).toBe(429);
    await sleep(1_500); // waiting for the session TTL to pass, not asserting timing
    expect((await short()).status).toBe(200);
  });

  it("lets exactly the limit through when many starts race (the check-and-add is atomic)", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const statuses = await Promise.all(
      Array.from({ length: 6 }, () => startPlayback(accessToken, channel).then((r) => r.status)),
    );
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    expect(statuses.filter((s) => s === 429)).toHaveLength(4);
  });

  it("counts streams per account: another viewer is not limited by mine", async () => {
    const me = await signUp();
    const other = await signUp();
    const channel = await createChannel();
    expect((await startPlayback(me.accessToken, channel)).status).toBe(200);
    expect((await startPlayback(me.accessToken, channel)).status).toBe(200);
    expect((await startPlayback(me.accessToken, channel)).status).toBe(429);
    expect((await startPlayback(other.accessToken, channel)).status).toBe(200);
  });

  it("answers 503 with Retry-After when the database is unreachable", async () => {
    const { accessToken } = await signUp();
    const res = await edgeFetchWith(
      { DATABASE_URL: "postgres://postgres@127.0.0.1:1/x" },
      `/v1/channels/${crypto.randomUUID()}/playback`,
      { method: "POST", token: accessToken, cf: { country: "DE" } },
    );
    expect(res.status).toBe(503);
    expect(res.headers.get("retry-after")).toBe("5");
    expect(res.json()).toMatchObject({ type: "https://seeyoo.tv/problems/unavailable" });
  });

  it("fails open when Redis is unreachable: playback starts, unlimited, and the session store answers 503", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    const down = {
      UPSTASH_REDIS_REST_URL: "http://127.0.0.1:1",
      UPSTASH_STATE_REST_URL: "http://127.0.0.1:1",
    };
    const starts = [];
    for (let i = 0; i < 3; i++) {
      starts.push(
        await edgeFetchWith(down, `/v1/channels/${channel}/playback`, {
          method: "POST",
          token: accessToken,
          cf: { country: "DE" },
        }),
      );
    }
    expect(starts.map((r) => r.status)).toEqual([200, 200, 200]);
    const { sessionId, url } = starts[0]!.json() as PlaybackResponse;
    expect(url).toContain("Signature=");
    expect(starts[0]!.headers.getSetCookie()).toHaveLength(3);

    const heartbeat = await edgeFetchWith(down, `/v1/playback/${sessionId}/heartbeat`, {
      method: "POST",
      token: accessToken,
    });
    expect(heartbeat.status).toBe(503);
    expect(heartbeat.headers.get("retry-after")).toBe("5");
    const del = await edgeFetchWith(down, `/v1/playback/${sessionId}`, {
      method: "DELETE",
      token: accessToken,
    });
    expect(del.status).toBe(503);
  });
});

describe("/v1/playback/:sessionId — refusals", () => {
  it("answers 404 for an unknown session and 400 for a malformed session id", async () => {
    const { accessToken } = await signUp();
    const id = crypto.randomUUID();
    expect(
      (await edgeFetch(`/v1/playback/${id}/heartbeat`, { method: "POST", token: accessToken })).status,
    ).toBe(404);
    expect((await endPlayback(accessToken, id)).status).toBe(404);
    expect(
      (await edgeFetch("/v1/playback/nope/heartbeat", { method: "POST", token: accessToken })).status,
    ).toBe(400);
    expect((await endPlayback(accessToken, "nope")).status).toBe(400);
  });

  it("answers 404 to a second DELETE of the same session", async () => {
    const { accessToken } = await signUp();
    const { sessionId } = await startSession(accessToken, await createChannel());
    expect((await endPlayback(accessToken, sessionId)).status).toBe(204);
    expect((await endPlayback(accessToken, sessionId)).status).toBe(404);
  });
});
