/** Restart and catch-up refusals: each says which right is missing, and none signs anything. */
import { describe, expect, it } from "vitest";
import { startPlayback } from "../../../test/playback-requests.ts";
import { at, HOUR, iso, MINUTE } from "../../../test/time-shift-support.ts";
import { createChannel, createProgrammes, signUp } from "../../../test/worker-harness.ts";

const PROBLEMS = "https://seeyoo.tv/problems/";

async function expectProblem(res: Response, status: number, type: string) {
  expect(res.status).toBe(status);
  expect(res.headers.get("content-type")).toContain("application/problem+json");
  expect(res.headers.getSetCookie()).toEqual([]);
  const problem = await res.json<{ type: string; errors?: { field: string }[] }>();
  expect(problem.type).toBe(`${PROBLEMS}${type}`);
  return problem;
}

/** Starts playback with this body; expects it refused with this problem, nothing signed. */
async function expectRefused(token: string, channelId: string, json: unknown, status: number, type: string) {
  return expectProblem(await startPlayback(token, channelId, { json }), status, type);
}

/** A channel with one past, one current and one future programme. */
async function schedule(rights: { restartAllowed?: boolean; catchupHours?: number }) {
  const channel = await createChannel(rights);
  const [past, onAir, future] = await createProgrammes(channel, [
    { start: iso(at(-3 * HOUR)), end: iso(at(-2 * HOUR)), title: "Past" },
    { start: iso(at(-20 * MINUTE)), end: iso(at(40 * MINUTE)), title: "On air" },
    { start: iso(at(2 * HOUR)), end: iso(at(3 * HOUR)), title: "Future" },
  ]);
  return { channel, past: past!, onAir: onAir!, future: future! };
}

describe("POST /v1/channels/:id/playback with a programme — refusals (403 naming the right)", () => {
  it("refuses to restart on a channel without the restart right, even when it offers catch-up", async () => {
    const { accessToken } = await signUp();
    const { channel, onAir } = await schedule({ restartAllowed: false, catchupHours: 168 });
    await expectRefused(accessToken, channel, { programmeId: onAir }, 403, "restart-not-allowed");
    await expectRefused(accessToken, channel, { startAt: iso(at(-5 * MINUTE)) }, 403, "restart-not-allowed");
  });

  it("refuses catch-up on a channel without catch-up, even when it allows restart", async () => {
    const { accessToken } = await signUp();
    const { channel, past } = await schedule({ restartAllowed: true, catchupHours: 0 });
    await expectRefused(accessToken, channel, { programmeId: past }, 403, "catchup-not-allowed");
  });

  it("refuses a past programme that started before the catch-up window", async () => {
    const { accessToken } = await signUp();
    const { channel, past } = await schedule({ catchupHours: 2 });
    // "Past" started 3 h ago; the window reaches back 2 h.
    const problem = await expectRefused(
      accessToken,
      channel,
      { programmeId: past },
      403,
      "outside-catchup-window",
    );
    expect(JSON.stringify(problem)).toContain("2 hours");
  });

  it("refuses a programme that has not aired yet, and an instant in the future", async () => {
    const { accessToken } = await signUp();
    const { channel, future } = await schedule({ restartAllowed: true, catchupHours: 168 });
    await expectRefused(accessToken, channel, { programmeId: future }, 403, "programme-not-aired");
    await expectRefused(
      accessToken,
      channel,
      { startAt: iso(at(2 * HOUR + 5 * MINUTE)) },
      403,
      "programme-not-aired",
    );
    // Inside the programme on air, but later than now.
    await expectRefused(accessToken, channel, { startAt: iso(at(10 * MINUTE)) }, 403, "programme-not-aired");
  });

  it("does not take a stream slot or a start when it refuses", async () => {
    const { accessToken } = await signUp();
    const { channel, future } = await schedule({ restartAllowed: true });
    for (let i = 0; i < 8; i++) {
      expect((await startPlayback(accessToken, channel, { json: { programmeId: future } })).status).toBe(403);
    }
    expect((await startPlayback(accessToken, channel)).status).toBe(200);
    expect((await startPlayback(accessToken, channel)).status).toBe(200);
  });
});

describe("POST /v1/channels/:id/playback with a programme — not found and bad input", () => {
  it("answers 404 for an unknown programme, another channel's programme and an instant without a programme", async () => {
    const { accessToken } = await signUp();
    const { channel } = await schedule({ restartAllowed: true, catchupHours: 168 });
    const other = await schedule({ restartAllowed: true, catchupHours: 168 });
    await expectRefused(accessToken, channel, { programmeId: crypto.randomUUID() }, 404, "not-found");
    await expectRefused(accessToken, channel, { programmeId: other.past }, 404, "not-found");
    // Between "Past" (ends 2 h ago) and "On air" (starts 20 min ago) there is nothing.
    await expectRefused(accessToken, channel, { startAt: iso(at(-HOUR)) }, 404, "not-found");
  });

  it.each([
    [{ programmeId: "nope" }, "programmeId"],
    [{ startAt: "yesterday" }, "startAt"],
    [{ startAt: "2026-03-29T02:30:00" }, "startAt"], // no zone: which 02:30?
    [{ startAt: 1_767_225_600 }, "startAt"],
    [{ programmeId: crypto.randomUUID(), startAt: new Date().toISOString() }, "(body)"],
    [{ programme: crypto.randomUUID() }, "programme"],
  ])("answers 400 naming the field for %j", async (json, field) => {
    const { accessToken } = await signUp();
    const channel = await createChannel({ restartAllowed: true, catchupHours: 24 });
    const problem = await expectRefused(accessToken, channel, json, 400, "validation");
    expect(problem.errors?.map((e) => e.field)).toContain(field);
  });

  it("answers 400 for broken JSON and 415 for a body that is not JSON", async () => {
    const { accessToken } = await signUp();
    const channel = await createChannel();
    for (const [body, contentType, status, type] of [
      ['{"programmeId": ', "application/json", 400, "malformed-body"],
      ["programmeId=x", "text/plain", 415, "unsupported-media-type"],
    ] as const) {
      const res = await startPlayback(accessToken, channel, {
        body,
        headers: { "content-type": contentType },
      });
      await expectProblem(res, status, type);
    }
  });
});
