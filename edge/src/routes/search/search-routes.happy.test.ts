/**
 * GET /v1/epg/search through the real Worker, Postgres and Redis. Each test searches only its own
 * channels (or words no other test uses), so tests sharing the database never see each other.
 */
import { describe, expect, it } from "vitest";
import { at, fromNow, search, underOneVersion, uniqueWord } from "../../../test/guide-search-support.ts";
import { createChannel, createProgrammes, edgeFetch, sql } from "../../../test/worker-harness.ts";

const dayWindow = { from: at(0), to: at(24) };

describe("matching", () => {
  it("finds titles, subtitles and descriptions: title matches first, then the rest, each sooner first, with the channel", async () => {
    const a = await createChannel({ name: "Search A" });
    const b = await createChannel({ name: "Search B" });
    const [, worldVolcanoes] = await createProgrammes(a, [
      { start: at(10), end: at(11), title: "Weltspiegel", description: "Reportagen über Vulkane in Island." },
      { start: at(12), end: at(13), title: "Vulkane der Welt", subtitle: "Folge 2" },
      { start: at(16), end: at(17), title: "Kochen mit Freunden", description: "Heute: Rouladen." },
    ]);
    await createProgrammes(b, [
      { start: at(9), end: at(10), title: "Abenteuer Erde", subtitle: "Vulkane" },
      { start: at(14), end: at(15), title: "Vulkane im Meer" },
    ]);

    const res = await search({ q: "Vulkane", ...dayWindow, channels: `${a},${b}` });
    expect(res.status).toBe(200);
    expect(res.body.results.map((r) => [r.programme.title, r.titleMatch])).toEqual([
      ["Vulkane der Welt", true],
      ["Vulkane im Meer", true],
      ["Abenteuer Erde", false],
      ["Weltspiegel", false],
    ]);
    const first = res.body.results[0];
    expect(first?.channel).toMatchObject({ id: a, name: "Search A" });
    expect(first?.programme).toMatchObject({
      id: worldVolcanoes,
      start: at(12),
      end: at(13),
      subtitle: "Folge 2",
    });
    expect(res.body.results[1]?.channel.id).toBe(b);
  });

  /**
   * Each case: one channel with these titles (an hour each, back to back) and what each query finds
   * there, in order.
   */
  it.each<{ name: string; titles: string[]; finds: [q: string, titles: string[]][] }>([
    {
      name: "matches German and English word forms",
      titles: ["Eine wichtige Nachricht", "Die Häuser am See", "Gardening Together", "Running Wild"],
      // None of these is a prefix of the word it finds: only the stems match.
      finds: [
        ["Nachrichten", ["Eine wichtige Nachricht"]],
        ["Häusern", ["Die Häuser am See"]],
        ["gardens", ["Gardening Together"]],
        ["runs", ["Running Wild"]],
        ["Garten", []],
      ],
    },
    {
      name: "ignores case and accents: Tagesschau, tagesschau, TAGESSCHAU, Tágesschau; Fußball as fussball",
      titles: ["Tagesschau", "Fußball: Bundesliga", "Löwenzahn"],
      finds: [
        ...["Tagesschau", "tagesschau", "TAGESSCHAU", "Tágesschau", "TÁGESSCHÄU"].map(
          (q): [string, string[]] => [q, ["Tagesschau"]],
        ),
        ["fussball", ["Fußball: Bundesliga"]],
        ["FUSSBALL bundesliga", ["Fußball: Bundesliga"]],
        ["lowenzahn", ["Löwenzahn"]],
        ["LÖWENZAHN", ["Löwenzahn"]],
      ],
    },
    {
      name: "matches what is still being typed as a prefix",
      titles: ["Tagesschau", "Der Bergdoktor", "Wetter"],
      finds: [
        ["tages", ["Tagesschau"]],
        ["ta", ["Tagesschau"]],
        ["der bergdok", ["Der Bergdoktor"]],
        ["schau", []], // a prefix, not any substring
      ],
    },
    {
      name: "forgives one typo in a word that matches nothing, also beside a correct word",
      titles: ["Tagesschau", "Der Bergdoktor", "Coronation Street", "Löwenzahn"],
      finds: [
        ["tagesshau", ["Tagesschau"]], // a letter missing
        ["bergdocktor", ["Der Bergdoktor"]], // a letter too many
        ["lowenzan", ["Löwenzahn"]], // without its accent, too
        ["coronation stret", ["Coronation Street"]],
        ["xylophon", []], // nothing near it
      ],
    },
    {
      name: "matches a quoted phrase only with its words in order; unquoted, in any order",
      titles: ["Die Sendung mit der Maus", "Die Maus in der Sendung"],
      finds: [
        ['"sendung mit der maus"', ["Die Sendung mit der Maus"]],
        ["„Sendung mit der Maus“", ["Die Sendung mit der Maus"]],
        ['die "maus in"', ["Die Maus in der Sendung"]],
        ['"sendung mit', ["Die Sendung mit der Maus"]], // still being typed
        ["maus sendung", ["Die Sendung mit der Maus", "Die Maus in der Sendung"]],
      ],
    },
  ])("$name", async ({ titles, finds }) => {
    const ch = await createChannel();
    await createProgrammes(
      ch,
      titles.map((title, i) => ({ start: at(i + 1), end: at(i + 2), title })),
    );
    for (const [q, found] of finds) {
      expect((await search({ q, ...dayWindow, channels: ch })).titles, q).toEqual(found);
    }
  });
});

describe("window, channels and limit", () => {
  it("searches from now to 7 days ahead by default, what is on air now first", async () => {
    const ch = await createChannel();
    const word = uniqueWord("Rundschau");
    await createProgrammes(ch, [
      { start: fromNow(-3), end: fromNow(-2), title: `${word} Früh` },
      { start: fromNow(-0.5), end: fromNow(0.5), title: `${word} Jetzt` },
      { start: fromNow(72), end: fromNow(73), title: `${word} Später` },
      { start: fromNow(24 * 8), end: fromNow(24 * 8 + 1), title: `${word} Zu spät` },
    ]);
    const res = await search({ q: word, channels: ch });
    expect(res.titles).toEqual([`${word} Jetzt`, `${word} Später`]);

    const quarter = 15 * 60_000;
    const from = Date.parse(res.body.from);
    expect(from % quarter).toBe(0);
    expect(Date.now() - from).toBeLessThan(quarter + 5_000);
    expect(Date.parse(res.body.to) - from).toBeGreaterThanOrEqual(7 * 24 * 3_600_000);
    expect(Date.parse(res.body.to) % quarter).toBe(0);
  });

  it("searches past programmes when asked, and widens the window to quarter hours", async () => {
    const ch = await createChannel();
    const word = uniqueWord("Rückblick");
    await createProgrammes(ch, [{ start: fromNow(-30), end: fromNow(-29), title: word }]);
    const from = new Date(Date.now() - 48 * 3_600_000);
    from.setUTCMinutes(7, 30, 0);
    const res = await search({ q: word, channels: ch, from: from.toISOString(), to: fromNow(-24) });
    expect(res.titles).toEqual([word]);
    expect(res.body.from).toBe(new Date(from.getTime() - 7.5 * 60_000).toISOString());
  });

  it("searches only the named channels, every active channel when none are named", async () => {
    const a = await createChannel();
    const b = await createChannel();
    const inactive = await createChannel({ active: false });
    const word = uniqueWord("Kanalwahl");
    await createProgrammes(a, [{ start: at(1), end: at(2), title: `${word} A` }]);
    await createProgrammes(b, [{ start: at(2), end: at(3), title: `${word} B` }]);
    await createProgrammes(inactive, [{ start: at(3), end: at(4), title: `${word} Inactive` }]);

    expect((await search({ q: word, ...dayWindow, channels: b })).titles).toEqual([`${word} B`]);
    expect((await search({ q: word, ...dayWindow })).titles).toEqual([`${word} A`, `${word} B`]);
  });

  it("returns at most `limit` results, 20 by default", async () => {
    const ch = await createChannel();
    const word = uniqueWord("Dauerbrenner");
    await createProgrammes(
      ch,
      Array.from({ length: 25 }, (_, i) => ({
        start: at(i * 0.5),
        end: at(i * 0.5 + 0.5),
        title: `${word} ${i}`,
      })),
    );
    expect((await search({ q: word, ...dayWindow, channels: ch })).titles).toHaveLength(20);
    expect((await search({ q: word, ...dayWindow, channels: ch, limit: "3" })).titles).toEqual([
      `${word} 0`,
      `${word} 1`,
      `${word} 2`,
    ]);
  });

  it("ranks the same way past the first thousand programmes of a window (rare and common words)", async () => {
    const ch = await createChannel();
    const common = uniqueWord("Kurzmeldung");
    const rare = uniqueWord("Rarität");
    // 1,200 five-minute programmes: every tenth a bulletin; the only title with the rare word
    // comes after the first thousand, a description with it early on.
    await sql(
      `insert into epg_programs (channel_id, start_time, end_time, title, description)
       select $1, $2::timestamptz + n * interval '5 minutes', $2::timestamptz + (n + 1) * interval '5 minutes',
              case when n = 1100 then $4 || ' im Spätprogramm' when n % 10 = 0 then $3 || ' ' || n else 'Programm ' || n end,
              case when n = 5 then 'Mit einer ' || $4 else null end
       from generate_series(0, 1199) as n`,
      [ch, at(0), common, rare],
    );
    // With a channel list and with every channel (two ways of walking the window).
    const everyWay: Record<string, string>[] = [{ channels: ch }, {}];
    for (const channels of everyWay) {
      const window = { from: at(0), to: at(24 * 5), ...channels };
      const rareHits = await search({ q: rare, ...window });
      expect(rareHits.body.results.map((r) => [r.programme.start, r.titleMatch])).toEqual([
        [at((1100 * 5) / 60), true],
        [at((5 * 5) / 60), false],
      ]);
      const commonHits = await search({ q: common, ...window, limit: "4" });
      expect(commonHits.titles).toEqual([`${common} 0`, `${common} 10`, `${common} 20`, `${common} 30`]);
    }
  });
});

describe("caching", () => {
  it("answers the same search however it is written from one cache entry, with ETag and 304", async () => {
    const ch = await createChannel();
    const word = uniqueWord("Abendschau");
    await createProgrammes(ch, [{ start: at(20), end: at(21), title: `${word} heute` }]);
    const [first, again] = await underOneVersion(async () => [
      await search({ q: `${word} heute`, ...dayWindow, channels: ch }),
      await search({ q: `  HEUTE   ${word.toUpperCase()} `, ...dayWindow, channels: ch }),
    ]);
    expect(first?.body.query).toBe(`${word.toLowerCase()} heute`);
    expect(again?.headers.get("x-seeyoo-cache")).toMatch(/^(memory|edge|redis)$/);
    expect(again?.headers.get("etag")).toBe(first?.headers.get("etag"));
    expect(again?.body).toEqual(first?.body);
    expect(again?.headers.get("cache-control")).toMatch(/public, max-age=\d+/);

    const etag = first?.headers.get("etag") ?? "";
    const notModified = await edgeFetch(
      `/v1/epg/search?${new URLSearchParams({ q: `${word} heute`, ...dayWindow, channels: ch })}`,
      { headers: { "if-none-match": etag } },
    );
    expect(notModified.status).toBe(304);
  });

  it("a window inside the same quarter hours is the same search", async () => {
    const ch = await createChannel();
    const word = uniqueWord("Viertelstunde");
    await createProgrammes(ch, [{ start: at(5), end: at(6), title: word }]);
    const [first, second] = await underOneVersion(async () => [
      await search({ q: word, from: at(4), to: at(7), channels: ch }),
      await search({ q: word, from: at(4 + 5 / 60), to: at(6 + 50 / 60), channels: ch }),
    ]);
    expect(second?.headers.get("x-seeyoo-cache")).toMatch(/^(memory|edge|redis)$/);
    expect(second?.body).toEqual(first?.body);
    expect(first?.titles).toEqual([word]);
  });
});

describe("OpenAPI", () => {
  it("documents the search: its five parameters, q required, and its answers", async () => {
    type Operation = {
      parameters: { name: string; in: string; required?: boolean; description?: string }[];
      responses: Record<string, { content?: Record<string, { schema: unknown }> }>;
    };
    const doc = await (await edgeFetch("/v1/openapi.json")).json<{
      paths: Record<string, Record<string, Operation>>;
    }>();
    const op = doc.paths["/v1/epg/search"]?.get;
    expect(op?.parameters.map((p) => [p.name, p.in, p.required ?? false])).toEqual([
      ["q", "query", true],
      ["from", "query", false],
      ["to", "query", false],
      ["channels", "query", false],
      ["limit", "query", false],
    ]);
    expect(op?.parameters.every((p) => (p.description ?? "").length > 0)).toBe(true);
    expect(Object.keys(op?.responses ?? {})).toEqual(expect.arrayContaining(["200", "304", "400", "404"]));
    const answer = JSON.stringify(op?.responses["200"]?.content?.["application/json"]?.schema);
    for (const field of ["results", "channel", "programme", "titleMatch", "query"])
      expect(answer).toContain(field);
  });
});
