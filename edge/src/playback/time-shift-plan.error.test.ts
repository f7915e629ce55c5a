/** What the restart/catch-up rule refuses, and how it says so. */
import { ProblemError } from "@seeyoo/schema/wire";
import { describe, expect, it } from "vitest";
import { assertRightHeld, planTimeShift } from "./time-shift-plan.ts";

const HOUR = 3_600_000;
const now = Date.UTC(2026, 9, 25, 1, 30, 0); // the night Europe sets its clocks back: UTC does not care
const PROBLEMS = "https://seeyoo.tv/problems/";

function refusal(run: () => unknown): { status: number; type: string; detail: string } {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ProblemError);
    const problem = (error as ProblemError).toProblem();
    return { status: problem.status, type: problem.type, detail: problem.detail ?? "" };
  }
  throw new Error("expected a refusal");
}

describe("planTimeShift refuses", () => {
  it("a programme yet to air, even by a millisecond, and an instant later than now", () => {
    const future = { startMs: now + 1, endMs: now + HOUR };
    const all = { restartAllowed: true, catchupHours: 168 };
    expect(refusal(() => planTimeShift(future, all, now))).toMatchObject({
      status: 403,
      type: `${PROBLEMS}programme-not-aired`,
    });
    const onAir = { startMs: now - HOUR, endMs: now + HOUR };
    expect(refusal(() => planTimeShift(onAir, all, now, now + 1)).type).toBe(
      `${PROBLEMS}programme-not-aired`,
    );
  });

  it("a restart on a channel without the restart right", () => {
    const onAir = { startMs: now - HOUR, endMs: now + HOUR };
    expect(refusal(() => planTimeShift(onAir, { restartAllowed: false, catchupHours: 168 }, now)).type).toBe(
      `${PROBLEMS}restart-not-allowed`,
    );
  });

  it("catch-up on a channel without catch-up", () => {
    const past = { startMs: now - 2 * HOUR, endMs: now - HOUR };
    expect(refusal(() => planTimeShift(past, { restartAllowed: true, catchupHours: 0 }, now)).type).toBe(
      `${PROBLEMS}catchup-not-allowed`,
    );
  });

  it("a programme that started a millisecond before the window, naming the window", () => {
    const past = { startMs: now - 24 * HOUR - 1, endMs: now - 23 * HOUR };
    const problem = refusal(() => planTimeShift(past, { restartAllowed: true, catchupHours: 24 }, now));
    expect(problem).toMatchObject({ status: 403, type: `${PROBLEMS}outside-catchup-window` });
    expect(problem.detail).toContain("24 hours");
  });
});

describe("assertRightHeld (the heartbeat's re-check)", () => {
  it("holds while the right does, and refuses once it is withdrawn or the window moved past the programme", () => {
    expect(() =>
      assertRightHeld("restart", now - HOUR, { restartAllowed: true, catchupHours: 0 }, now),
    ).not.toThrow();
    expect(
      refusal(() => assertRightHeld("restart", now - HOUR, { restartAllowed: false, catchupHours: 24 }, now))
        .type,
    ).toBe(`${PROBLEMS}restart-not-allowed`);
    expect(() =>
      assertRightHeld("catchup", now - 2 * HOUR, { restartAllowed: false, catchupHours: 2 }, now),
    ).not.toThrow();
    expect(
      refusal(() =>
        assertRightHeld("catchup", now - 2 * HOUR, { restartAllowed: false, catchupHours: 2 }, now + 1),
      ).type,
    ).toBe(`${PROBLEMS}outside-catchup-window`);
  });
});
