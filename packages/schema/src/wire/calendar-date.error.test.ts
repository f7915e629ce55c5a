import { describe, expect, it } from "vitest";
import { type CivilTime, civilTimeFault, civilTimeToInstant, daysInMonth } from "./calendar-date.ts";

const at = (year: number, month: number, day: number, hour = 0, minute = 0, second = 0): CivilTime => ({
  year,
  month,
  day,
  hour,
  minute,
  second,
});

describe("civilTimeFault", () => {
  it.each([
    [at(2026, 2, 31), "day 31 does not exist in 2026-02"],
    [at(2025, 2, 29), "day 29 does not exist in 2025-02"],
    [at(2100, 2, 29), "day 29 does not exist in 2100-02"],
    [at(2025, 4, 31), "day 31 does not exist in 2025-04"],
    [at(2025, 1, 0), "day 0 does not exist in 2025-01"],
    [at(2025, 13, 1), "month 13 does not exist"],
    [at(2025, 0, 1), "month 0 does not exist"],
    [at(2025, 1, 1, 24), "hour 24 does not exist"],
    [at(2025, 1, 1, 0, 60), "minute 60 does not exist"],
    [at(2025, 1, 1, 0, 0, 60), "second 60 does not exist"],
    [at(0, 1, 1), "year 0 is outside 1970–9999"],
    [at(50, 1, 1), "year 50 is outside 1970–9999"],
    [at(1969, 12, 31), "year 1969 is outside 1970–9999"],
    [at(10000, 1, 1), "year 10000 is outside 1970–9999"],
  ])("refuses %o: %s", (time, reason) => {
    expect(civilTimeFault(time)).toBe(reason);
    expect(civilTimeToInstant(time, 0)).toBe(reason);
  });

  it.each([at(2024, 2, 29), at(2000, 2, 29), at(1970, 1, 1), at(9999, 12, 31, 23, 59, 59)])(
    "accepts %o",
    (time) => {
      expect(civilTimeFault(time)).toBeNull();
    },
  );

  it("knows the length of every month", () => {
    expect(Array.from({ length: 12 }, (_, i) => daysInMonth(2025, i + 1))).toEqual([
      31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31,
    ]);
  });
});

describe("civilTimeToInstant", () => {
  it("applies the offset east of UTC", () => {
    expect(civilTimeToInstant(at(2000, 7, 28, 17, 33), 60)).toBe(Date.parse("2000-07-28T16:33:00Z"));
  });

  it("refuses an offset that moves the instant out of 1970–9999", () => {
    expect(civilTimeToInstant(at(1970, 1, 1), 60)).toBe("the instant is outside 1970–9999 (UTC)");
    expect(civilTimeToInstant(at(9999, 12, 31, 23, 30), -60)).toBe("the instant is outside 1970–9999 (UTC)");
    expect(civilTimeToInstant(at(1970, 1, 1, 1), 60)).toBe(0);
  });
});
