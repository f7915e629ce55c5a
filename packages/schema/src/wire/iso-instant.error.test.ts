import * as v from "valibot";
import { describe, expect, it } from "vitest";
import { IsoInstant, instantOf, parseIsoInstant } from "./iso-instant.ts";

describe("IsoInstant", () => {
  it.each([
    ["2026-01-01T00:00:00+01", "offset without minutes"],
    ["2026-01-01T00:00:00-05", "offset without minutes"],
    ["2026-01-01T00:00:00.5+01", "fraction then an offset without minutes"],
    ["2026-01-01T00:00:00", "no offset at all"],
    ["2026-01-01", "a date without a time"],
    ["2026-02-31T12:00:00Z", "31 February"],
    ["2026-13-01T12:00:00Z", "month 13"],
    ["2026-01-01T24:00:00Z", "hour 24"],
    ["2026-01-01T23:60:00Z", "minute 60"],
    ["2026-01-01T23:59:60Z", "a leap second"],
    ["0000-01-01T00:00:00Z", "year 0"],
    ["0050-01-01T00:00:00Z", "year 50"],
    ["9999-12-31T23:59:59-01:00", "an offset that moves the instant past 9999"],
    ["2026-01-01T00:00:00+24:00", "offset hour 24"],
    ["2026-01-01T00:00:00+01:60", "offset minute 60"],
    ["2026-01-01T00:00:00\u0000Z", "a NUL inside"],
    [" 2026-01-01T00:00:00Z", "leading space"],
  ])("rejects %s (%s)", (text) => {
    expect(typeof parseIsoInstant(text)).toBe("string");
    expect(v.safeParse(IsoInstant, text).success).toBe(false);
  });

  it("names the reason in the issue message", () => {
    const result = v.safeParse(IsoInstant, "2026-02-31T12:00:00Z");
    expect(result.issues?.[0]?.message).toBe("day 31 does not exist in 2026-02");
  });

  it.each([
    ["2026-03-10T18:00:00Z", Date.UTC(2026, 2, 10, 18)],
    ["2026-03-10T18:00Z", Date.UTC(2026, 2, 10, 18)],
    ["2026-03-10T19:30:00+01:30", Date.UTC(2026, 2, 10, 18)],
    ["2026-03-10T13:00:00-05:00", Date.UTC(2026, 2, 10, 18)],
    ["2026-03-10T18:00:00.5Z", Date.UTC(2026, 2, 10, 18) + 500],
    ["2026-03-10T18:00:00.123456789Z", Date.UTC(2026, 2, 10, 18) + 123],
    ["2024-02-29T00:00:00Z", Date.UTC(2024, 1, 29)],
  ])("reads %s", (text, ms) => {
    expect(parseIsoInstant(text)).toBe(ms);
    expect(instantOf(text).getTime()).toBe(ms);
    expect(v.safeParse(IsoInstant, text).success).toBe(true);
  });
});
