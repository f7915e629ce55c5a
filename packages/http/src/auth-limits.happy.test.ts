import { describe, expect, it } from "vitest";
import {
  AUTH_LIMITS,
  authAttempts,
  type CounterRule,
  fitsOneMore,
  secondsUntilOneMoreFits,
  type WindowCounts,
} from "./auth-limits.ts";

const rule: CounterRule = { limit: 10, windowSeconds: 900, what: "tries", per: "test" };

/** The counts `seconds` later when nothing else is counted: windows roll over as time passes. */
function later(counts: WindowCounts, seconds: number): WindowCounts {
  const position = counts.elapsed + seconds / rule.windowSeconds;
  if (position < 1) return { ...counts, elapsed: position };
  if (position < 2) return { current: 0, previous: counts.current, elapsed: position - 1 };
  return { current: 0, previous: 0, elapsed: position % 1 };
}

describe("sliding windows", () => {
  it("refuses the attempt after the limit within one window", () => {
    expect(fitsOneMore(rule, { current: 9, previous: 0, elapsed: 0.5 })).toBe(true);
    expect(fitsOneMore(rule, { current: 10, previous: 0, elapsed: 0.5 })).toBe(false);
  });

  it("lets the previous window fade out as the current one fills", () => {
    expect(fitsOneMore(rule, { current: 0, previous: 10, elapsed: 0 })).toBe(false);
    expect(fitsOneMore(rule, { current: 0, previous: 10, elapsed: 0.1 })).toBe(true);
    // 5 + 10 × (1 − elapsed) + 1 ≤ 10 from elapsed 0.6 on.
    expect(fitsOneMore(rule, { current: 5, previous: 10, elapsed: 0.6 })).toBe(true);
    expect(fitsOneMore(rule, { current: 5, previous: 10, elapsed: 0.55 })).toBe(false);
  });

  it.each([
    { current: 10, previous: 0, elapsed: 0.5 },
    { current: 10, previous: 30, elapsed: 0.01 },
    { current: 5, previous: 20, elapsed: 0.25 },
    { current: 0, previous: 10, elapsed: 0 },
    { current: 25, previous: 25, elapsed: 0.9 },
  ])("says when one more attempt fits again: %o", (counts) => {
    const wait = secondsUntilOneMoreFits(rule, counts);
    expect(fitsOneMore(rule, counts)).toBe(false);
    expect(fitsOneMore(rule, later(counts, wait))).toBe(true);
    if (wait > 1) expect(fitsOneMore(rule, later(counts, wait - 1))).toBe(false);
  });
});

describe("what an attempt counts", () => {
  it("counts a sign-in's failures per (email, network), per network and per email, case-blind", () => {
    const a = authAttempts.passwordCheck(" Someone@Example.test", "203.0.113.7");
    const b = authAttempts.passwordCheck("someone@example.test", "203.0.113.7");
    expect(a).toEqual(b);
    expect(a.map((c) => [c.counter, c.failure])).toEqual([
      ["failuresPerEmailAndClient", true],
      ["failuresPerEmail", true],
      ["failuresPerClient", true],
      ["passwordChecksPerClient", false],
    ]);
    // Another network is another (email, network) counter but the same email counter.
    const elsewhere = authAttempts.passwordCheck("someone@example.test", "198.51.100.1");
    expect(elsewhere[0]?.subject).not.toBe(a[0]?.subject);
    expect(elsewhere[1]?.subject).toBe(a[1]?.subject);
  });

  it("keeps the per-email cap generous: far above what locks one (email, network) pair", () => {
    expect(AUTH_LIMITS.failuresPerEmail.limit).toBeGreaterThanOrEqual(
      10 * AUTH_LIMITS.failuresPerEmailAndClient.limit,
    );
  });
});
