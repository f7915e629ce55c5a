/**
 * What an attacker or a careless client sends instead of the expected value: NUL and lone
 * surrogates, huge and odd numbers, impossible or out-of-range dates in every spelling, injection
 * strings, deep nesting, wrong types. Each past 500 of this project has one of these behind it.
 */
import fc from "fast-check";

const DAY = 86_400_000;

/** Instants spelled the way validators and `Date` disagree about (every one once caused a 500). */
export const ODD_INSTANTS = [
  "2026-01-01T00:00:00+01",
  "2026-01-01T00:00:00-05",
  "2026-01-01T00:00:00.5+01",
  "2026-01-01T00:00:00+01:60",
  "2026-01-01T00:00:00+24:00",
  "9999-12-31T23:59:59Z",
  "9999-12-31T23:59:59-01:00",
  "0000-01-01T00:00:00Z",
  "0050-06-01T00:00:00Z",
  "1969-12-31T23:59:59Z",
  "1970-01-01T00:00:00+00:01",
  "2026-02-31T00:00:00Z",
  "2026-02-29T00:00:00Z",
  "2026-13-01T00:00:00Z",
  "2026-00-10T00:00:00Z",
  "2026-01-01T24:00:00Z",
  "2026-01-01T23:60:00Z",
  "2026-01-01T23:59:60Z",
  "+275760-09-13T00:00:00Z",
  "-000001-01-01T00:00:00Z",
  "2026-01-01",
  "2026-01-01T00:00:00",
  "2026-01-01T00:00Z",
  "2026-01-01T00:00:00.123456789123Z",
  "2026-01-01t00:00:00z",
  "2026-01-01 00:00:00Z",
  "20260101T000000Z",
  "1767225600",
  "1767225600000",
  "1e400",
  "Infinity",
  "NaN",
  "now",
  "20000728173300 +0100",
  "200007281733 BST",
];

const INJECTIONS = [
  "' or '1'='1",
  "'; drop table users; --",
  "<script>alert(1)</script>",
  "\u0024{jndi:ldap://x}",
  "{{7*7}}",
  "../../../../etc/passwd",
  "..%2f..%2f",
  "%00",
  "%",
  "%zz",
  "\\",
  "null",
  "undefined",
  "true",
  "[]",
  "{}",
  "__proto__",
  "constructor",
  "\r\nSet-Cookie: x=1",
];

const SPECIAL_TEXT = [
  "",
  " ",
  "\t\n",
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud800y",
  "\udc00\ud800",
  "😀",
  "\u202e\u0301",
  "\ufeff",
  "\uffff",
  "ä".normalize("NFD"),
];

/** Any UTF-16 code units, NUL and unpaired surrogates included. */
const rawText = (maxLength: number) =>
  fc.string({ unit: fc.integer({ min: 0, max: 0xffff }).map((c) => String.fromCharCode(c)), maxLength });

const pad = (n: number, width: number) => String(Math.abs(n)).padStart(width, "0");

/** ISO-looking instants whose fields are drawn out of range as often as in range. */
export const isoLikeInstant = fc
  .record({
    year: fc.oneof(fc.integer({ min: 1960, max: 2100 }), fc.integer({ min: 0, max: 9999 })),
    month: fc.integer({ min: 0, max: 13 }),
    day: fc.integer({ min: 0, max: 32 }),
    hour: fc.integer({ min: 0, max: 25 }),
    minute: fc.integer({ min: 0, max: 61 }),
    second: fc.integer({ min: 0, max: 61 }),
    fraction: fc.option(fc.integer({ min: 0, max: 999_999_999 }), { nil: undefined }),
    zone: fc.oneof(
      fc.constant("Z"),
      fc.constant(""),
      fc
        .tuple(
          fc.constantFrom("+", "-"),
          fc.integer({ min: 0, max: 25 }),
          fc.option(fc.integer({ min: 0, max: 61 })),
        )
        .map(([sign, h, m]) => `${sign}${pad(h, 2)}${m === null ? "" : `:${pad(m, 2)}`}`),
    ),
  })
  .map(
    (t) =>
      `${pad(t.year, 4)}-${pad(t.month, 2)}-${pad(t.day, 2)}T${pad(t.hour, 2)}:${pad(t.minute, 2)}:${pad(t.second, 2)}` +
      `${t.fraction === undefined ? "" : `.${t.fraction}`}${t.zone}`,
  );

/** A valid instant near now: what passes validation and reaches the database. */
export const plausibleInstant = fc
  .integer({ min: -20 * DAY, max: 40 * DAY })
  .map((offset) => new Date(Math.floor((Date.now() + offset) / 60_000) * 60_000).toISOString());

export const hostileString: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...SPECIAL_TEXT) },
  { weight: 3, arbitrary: fc.constantFrom(...ODD_INSTANTS) },
  { weight: 2, arbitrary: isoLikeInstant },
  { weight: 2, arbitrary: fc.constantFrom(...INJECTIONS) },
  { weight: 3, arbitrary: rawText(40) },
  { weight: 1, arbitrary: fc.constantFrom("x".repeat(1025), "9".repeat(400), "a".repeat(70_000)) },
  { weight: 1, arbitrary: fc.uuid() },
  { weight: 1, arbitrary: fc.constantFrom("-1", "0", "1e309", "0x10", "1.5", "99999999999999999999") },
);

export const hostileNumber: fc.Arbitrary<number> = fc.oneof(
  fc.constantFrom(0, -0, -1, 1.5, 2 ** 31, 2 ** 53 + 2, -(2 ** 63), 1e308, -1e308, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);

/** Any JSON value, of any type, nested a little. */
export const hostileJson: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    hostileNumber,
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 3 }),
    fc.dictionary(fc.oneof(hostileString, fc.constantFrom("__proto__", "constructor")), tie("value"), {
      maxKeys: 3,
    }),
  ),
})).value;

/** Request bodies that are not the JSON a schema describes, as raw text. */
export const hostileBodyText: fc.Arbitrary<string> = fc.oneof(
  fc.constantFrom(
    "",
    "{",
    "}",
    "null",
    "[]",
    '"text"',
    "1e999999",
    "-0",
    '{"a":1}garbage',
    '{"a":1,"a":2}',
    "\ufeff{}",
    "{\u0000}",
    '{"__proto__":{"admin":true}}',
    "<xml/>",
    "a=1&b=2",
    `${"[".repeat(5_000)}${"]".repeat(5_000)}`,
    `${'{"a":'.repeat(3_000)}1${"}".repeat(3_000)}`,
  ),
  rawText(200),
  hostileJson.map((value) => JSON.stringify(value) ?? "null"),
);

/** Content types a body may be sent with. */
export const anyContentType = fc.constantFrom(
  "application/json",
  "application/json; charset=utf-8",
  "application/json; charset=utf-16",
  "application/problem+json",
  "text/plain",
  "application/xml",
  "text/xml",
  "application/x-www-form-urlencoded",
  "multipart/form-data; boundary=x",
  "application/octet-stream",
  "",
);
