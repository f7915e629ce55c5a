/** The restart/catch-up rule on exact instants (UTC milliseconds: no zones, no DST). */
import { describe, expect, it } from "vitest";
import { planTimeShift } from "./time-shift-plan.ts";

const HOUR = 3_600_000;
// 02:30 UTC on the night central Europe moves its clocks: nothing special happens in UTC.
const now = Date.UTC(2026, 2, 29, 2, 30, 0);
const all = { restartAllowed: true, catchupHours: 168 };

describe("planTimeShift", () => {
  it("restarts the programme on air from its start, and from startAt when given", () => {
    const programme = { startMs: now - HOUR, endMs: now + HOUR };
    expect(planTimeShift(programme, all, now)).toEqual({
      kind: "restart",
      startMs: now - HOUR,
      endMs: null,
      programmeStartMs: now - HOUR,
    });
    expect(planTimeShift(programme, all, now, now - 60_000).startMs).toBe(now - 60_000);
  });

  it("treats a programme that started exactly now as on air, and one ending exactly now as past (half-open)", () => {
    expect(planTimeShift({ startMs: now, endMs: now + HOUR }, all, now).kind).toBe("restart");
    expect(planTimeShift({ startMs: now - HOUR, endMs: now }, all, now)).toEqual({
      kind: "catchup",
      startMs: now - HOUR,
      endMs: now,
      programmeStartMs: now - HOUR,
    });
  });

  it("catches up a programme whose start is exactly at the window's edge, to the millisecond", () => {
    const edge = { startMs: now - 168 * HOUR, endMs: now - 167 * HOUR };
    expect(planTimeShift(edge, all, now).kind).toBe("catchup");
    const short = { restartAllowed: false, catchupHours: 1 };
    expect(planTimeShift({ startMs: now - HOUR, endMs: now - 1 }, short, now).kind).toBe("catchup");
  });

  it("catches up from startAt to the programme's end", () => {
    const programme = { startMs: now - 3 * HOUR, endMs: now - 2 * HOUR };
    expect(planTimeShift(programme, all, now, now - 2.5 * HOUR)).toMatchObject({
      kind: "catchup",
      startMs: now - 2.5 * HOUR,
      endMs: now - 2 * HOUR,
    });
  });
});
