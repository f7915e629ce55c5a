/**
 * A hostile searcher: text that looks like SQL, tsquery or LIKE syntax, odd Unicode, the same
 * search a hundred ways (the cache key space must not grow with them), the same search ten times
 * at once, and the search's answer to a guide that changed through an ingest.
 */
import { describe, expect, it } from "vitest";
import { at, postSchedule, search, underOneVersion, uniqueWord } from "../../../test/guide-search-support.ts";
import {
  createChannel,
  createProgrammes,
  edgeFetch,
  keysOf,
  redisCommand,
  sql,
} from "../../../test/worker-harness.ts";

const dayWindow = { from: at(0), to: at(24) };

describe("hostile text", () => {
  it("is only ever words to look for: no SQL, tsquery or LIKE syntax gets through, never a 500", async () => {
    const ch = await createChannel();
    await createProgrammes(ch, [{ start: at(1), end: at(2), title: "Tagesschau" }]);
    const nasty = [
      "'; drop table epg_programs; --",
      "tagesschau' or '1'='1",
      "tages & ! schau",
      "tages:* | !x <-> y",
      "a <2> b",
      "(((((tages",
      "tag%",
      "t_gesschau",
      "ta\\gesschau",
      "$1 $2 ::tsquery",
      "½ ¼ ŉ ǅ ﬁ",
      "Tages\u200Bschau",
      "e\u0301\u0301\u0301\u0301",
      "\u202Euachsegat",
      "🙂 tagesschau 🙂",
      "Ⅻ ⅷ ٣ ߁",
      '"unclosed',
      '""tages""',
    ];
    for (const q of nasty) {
      const res = await search({ q, ...dayWindow, channels: ch });
      expect([200, 400], q).toContain(res.status);
      if (res.status === 200) expect(res.body.query, q).not.toMatch(/[;'&|!:<>()\\%_$]/);
    }
    // Not even valid UTF-8 (a lone surrogate cannot travel in a URL otherwise).
    const raw = await edgeFetch(`/v1/epg/search?q=tages%ED%A0%80schau&channels=${ch}`);
    expect([200, 400]).toContain(raw.status);
    expect(await sql("select count(*)::int as n from epg_programs where channel_id = $1", [ch])).toEqual([
      { n: 1 },
    ]);
  });

  it("reads LIKE wildcards as letters, never as patterns, when it looks for spelling alternatives", async () => {
    const ch = await createChannel();
    await createProgrammes(ch, [{ start: at(1), end: at(2), title: "Tagesschau" }]);
    // `_` and `%` never reach Postgres as pattern characters: they are not part of any word.
    expect((await search({ q: "tage_", ...dayWindow, channels: ch })).body.query).toBe("tage");
    expect((await search({ q: "%%%%", ...dayWindow, channels: ch })).status).toBe(400);
  });
});

describe("cache key space", () => {
  it("folds a hundred spellings of one search into one cache entry", async () => {
    const ch = await createChannel();
    const word = uniqueWord("Wetterkarte");
    await createProgrammes(ch, [{ start: at(3), end: at(4), title: `${word} Nord` }]);
    const variants = Array.from({ length: 100 }, (_, i) => {
      const w = i % 2 ? word.toUpperCase() : word;
      const nord = ["nord", "NORD", "Nórd", "nörd"][i % 4] as string;
      const space = " ".repeat((i % 5) + 1);
      return i % 3 ? `${space}${w}${space}${nord}` : `${nord}${space}${w}`;
    });
    const answers = await underOneVersion(async () => {
      const all = [];
      for (const q of variants) all.push(await search({ q, ...dayWindow, channels: ch }));
      return all;
    });
    expect(answers.filter((a) => a.headers.get("x-seeyoo-cache") === "database")).toHaveLength(1);
    expect(new Set(answers.map((a) => a.headers.get("etag"))).size).toBe(1);
    expect(answers[0]?.titles).toEqual([`${word} Nord`]);
  });

  it("writes nothing to Redis however many distinct searches come (every query would be a key)", async () => {
    const ch = await createChannel();
    const prefix = `${(await keysOf()).prefix}:search:`;
    const lastGood = `${(await keysOf()).prefix}:last:search:`;
    const count = async (pattern: string) =>
      ((await redisCommand(["KEYS", `${pattern}*`])) as string[]).length;
    for (let i = 0; i < 50; i++) {
      expect((await search({ q: uniqueWord(`Zufall${i}`), ...dayWindow, channels: ch })).status).toBe(200);
    }
    expect(await count(prefix)).toBe(0);
    expect(await count(lastGood)).toBe(0);
  });

  it("answers the same search ten times at once with one identical answer", async () => {
    const ch = await createChannel();
    const word = uniqueWord("Gleichzeitig");
    await createProgrammes(ch, [{ start: at(5), end: at(6), title: word }]);
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => search({ q: word, ...dayWindow, channels: ch })),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(10).fill(200));
    expect(new Set(answers.map((a) => JSON.stringify(a.body))).size).toBe(1);
  });
});

describe("invalidation", () => {
  it("shows what an ingest changed on the next search, not the cached answer", async () => {
    const slug = `search-${crypto.randomUUID().slice(0, 8)}.seeyoo.test`;
    const ch = await createChannel({ slug });
    const word = uniqueWord("Spätausgabe");
    await postSchedule([{ channel: slug, start: at(20), stop: at(21), title: `${word} Alt` }]);
    const [before, cached] = await underOneVersion(async () => [
      await search({ q: word, ...dayWindow, channels: ch }),
      await search({ q: word, ...dayWindow, channels: ch }),
    ]);
    expect(before?.titles).toEqual([`${word} Alt`]);
    expect(cached?.headers.get("x-seeyoo-cache")).not.toBe("database");

    await postSchedule([
      { channel: slug, start: at(20), stop: at(21), title: `${word} Neu`, description: "Jetzt mit Wetter." },
    ]);
    const after = await search({ q: word, ...dayWindow, channels: ch });
    expect(after.headers.get("x-seeyoo-cache")).toBe("database");
    expect(after.titles).toEqual([`${word} Neu`]);
    expect(after.headers.get("etag")).not.toBe(before?.headers.get("etag"));
  });
});
