import { describe, expect, it } from "vitest";
import {
  parseXmltv,
  type XmltvChannel,
  type XmltvItem,
  type XmltvParseOptions,
  type XmltvProgramme,
  type XmltvWarning,
} from "./parse-xmltv.ts";

async function* chunked(bytes: Uint8Array, cuts: number[]): AsyncGenerator<Uint8Array> {
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    yield bytes.subarray(from, cut);
    from = cut;
  }
}

/** A programme as the parser reports one with only the given fields present. */
const bare = (fields: Pick<XmltvProgramme, "channel" | "start" | "title" | "line">): XmltvProgramme => ({
  stop: null,
  subtitle: null,
  description: null,
  categories: [],
  season: null,
  episode: null,
  episodeOnscreen: null,
  rating: null,
  image: null,
  ...fields,
});

async function parse(doc: string | Uint8Array, options: XmltvParseOptions = {}, cuts: number[] = []) {
  const bytes = typeof doc === "string" ? new TextEncoder().encode(doc) : doc;
  const warnings: XmltvWarning[] = [];
  const batches: XmltvItem[][] = [];
  for await (const batch of parseXmltv(chunked(bytes, cuts), options, (w) => warnings.push(w)))
    batches.push(batch);
  const items = batches.flat();
  const programmes = items.flatMap((i) => (i.kind === "programme" ? [i.programme] : []));
  const channels = items.flatMap((i) => (i.kind === "channel" ? [i.channel] : []));
  return { batches, items, programmes, channels, warnings };
}

/** One programme on channel "a" inside a minimal document; the programme tag is on line 2. */
function programmeDoc(attrs: string, body = "<title>T</title>"): string {
  return `<tv>\n<programme channel="a" ${attrs}>${body}</programme>\n</tv>`;
}

async function onlyProgramme(doc: string, options: XmltvParseOptions = {}): Promise<XmltvProgramme> {
  const { programmes } = await parse(doc, options);
  expect(programmes).toHaveLength(1);
  return programmes[0] as XmltvProgramme;
}

const FULL = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tv SYSTEM "xmltv.dtd">
<tv generator-info-name="test">
  <channel id="ch001.seeyoo.test">
    <display-name lang="en">SEEYOO One</display-name>
    <icon src="https://img.test/ch1.png"/>
  </channel>
  <programme start="20250106200000 +0000" stop="20250106211500 +0000" channel="ch001.seeyoo.test">
    <title lang="en">Evening News</title>
    <sub-title lang="en">Special</sub-title>
    <desc lang="en">Weather &amp; sport.</desc>
    <category lang="en">News</category>
    <category lang="en">Weather</category>
    <episode-num system="xmltv_ns">0.4.0/1</episode-num>
    <episode-num system="onscreen">S01E05</episode-num>
    <icon src="https://img.test/p/1.jpg" width="640"/>
    <rating system="FSK">
      <value>12</value>
    </rating>
    <credits><director>Someone</director></credits>
  </programme>
</tv>
`;

describe("parseXmltv records", () => {
  it("builds a complete channel and programme record", async () => {
    const { channels, programmes, warnings, batches } = await parse(FULL);
    expect(warnings).toEqual([]);
    expect(batches.every((b) => Array.isArray(b) && b.length > 0)).toBe(true);
    expect(channels).toEqual<XmltvChannel[]>([
      { id: "ch001.seeyoo.test", displayName: "SEEYOO One", line: 4 },
    ]);
    expect(programmes).toEqual<XmltvProgramme[]>([
      {
        channel: "ch001.seeyoo.test",
        start: new Date("2025-01-06T20:00:00Z"),
        stop: new Date("2025-01-06T21:15:00Z"),
        title: "Evening News",
        subtitle: "Special",
        description: "Weather & sport.",
        categories: ["News", "Weather"],
        season: 1,
        episode: 5,
        episodeOnscreen: "S01E05",
        rating: "12",
        image: "https://img.test/p/1.jpg",
        line: 8,
      },
    ]);
  });

  it("yields items in document order", async () => {
    const { items } = await parse(FULL);
    expect(items.map((i) => i.kind)).toEqual(["channel", "programme"]);
  });

  it("leaves absent optional fields null and categories empty", async () => {
    const p = await onlyProgramme(programmeDoc('start="20250106200000"'));
    expect(p).toEqual<XmltvProgramme>(
      bare({ channel: "a", start: new Date("2025-01-06T20:00:00Z"), title: "T", line: 2 }),
    );
  });

  it("takes the image from <image> when there is no icon", async () => {
    const p = await onlyProgramme(
      programmeDoc(
        'start="20250106"',
        '<title>T</title><image type="poster"> https://img.test/poster.jpg </image>',
      ),
    );
    expect(p.image).toBe("https://img.test/poster.jpg");
  });

  it("keeps programmes carrying clumpidx", async () => {
    const doc = `<tv>
<programme start="20250106200000 +0000" channel="a" clumpidx="0/2"><title>First</title></programme>
<programme start="20250106200000 +0000" channel="a" clumpidx="1/2"><title>Second</title></programme>
</tv>`;
    const { programmes } = await parse(doc);
    expect(programmes.map((p) => [p.title, p.line])).toEqual([
      ["First", 2],
      ["Second", 3],
    ]);
  });

  it("skips unknown elements including nested ones that reuse known names", async () => {
    const doc = `<tv>
<extension><programme start="20250101" channel="x"><title>Hidden</title></programme></extension>
<programme start="20250106" channel="a">
<unknown><title>Not this</title><deeper><desc>nor this</desc></deeper></unknown>
<title>Real</title>
</programme>
</tv>`;
    const { programmes } = await parse(doc);
    expect(programmes.map((p) => [p.title, p.description, p.line])).toEqual([["Real", null, 3]]);
  });

  it("chooses the channel display name by language preference", async () => {
    const doc = `<tv><channel id="c"><display-name lang="en">One</display-name><display-name lang="de">Eins</display-name></channel></tv>`;
    expect((await parse(doc, { languages: ["de", "en"] })).channels[0]?.displayName).toBe("Eins");
    expect((await parse(doc)).channels[0]?.displayName).toBe("One");
  });
});

describe("parseXmltv times", () => {
  it.each([
    ["YYYYMMDD", "20250106", "2025-01-06T00:00:00Z"],
    ["YYYYMMDDhh", "2025010620", "2025-01-06T20:00:00Z"],
    ["YYYYMMDDhhmm", "202501062015", "2025-01-06T20:15:00Z"],
    ["YYYYMMDDhhmmss", "20250106201530", "2025-01-06T20:15:30Z"],
    ["a positive offset", "20250106201530 +0100", "2025-01-06T19:15:30Z"],
    ["a negative offset with minutes", "20250106201530 -0530", "2025-01-07T01:45:30Z"],
    ["an offset without space", "20250106201530+0200", "2025-01-06T18:15:30Z"],
    ["an offset on a short precision", "20250106 +0100", "2025-01-05T23:00:00Z"],
    ["an offset crossing a year", "20250101003000 +0100", "2024-12-31T23:30:00Z"],
    ["YYYY", "2025", "2025-01-01T00:00:00Z"],
    ["YYYYMM", "202502", "2025-02-01T00:00:00Z"],
    ["29 February of a leap year", "20240229", "2024-02-29T00:00:00Z"],
    ["29 February of a 400th year", "20000229", "2000-02-29T00:00:00Z"],
    ["the first second of 1970", "19700101000000", "1970-01-01T00:00:00Z"],
    ["the last second of 9999", "99991231235959", "9999-12-31T23:59:59Z"],
    ["an offset that keeps 1970", "19700101010000 +0100", "1970-01-01T00:00:00Z"],
  ])("reads %s", async (_, start, iso) => {
    const p = await onlyProgramme(programmeDoc(`start="${start}" stop="${start}"`));
    expect(p.start).toEqual(new Date(iso));
    expect(p.stop).toEqual(new Date(iso));
  });

  // The DTD: "They can be 'YYYYMMDDhhmmss' or some initial substring, for example if you only know
  // the year and month you can have 'YYYYMM'. You can also append a timezone to the end; if no
  // explicit timezone is given, UTC is assumed. Examples: '200007281733 BST', '200209',
  // '19880523083000 +0300'. (BST == +0100.)"
  it.each([
    ["200007281733 BST", "2000-07-28T16:33:00Z"],
    ["200209", "2002-09-01T00:00:00Z"],
    ["19880523083000 +0300", "1988-05-23T05:30:00Z"],
  ])("reads the DTD's example %s", async (start, iso) => {
    const p = await onlyProgramme(programmeDoc(`start="${start}"`));
    expect(p.start).toEqual(new Date(iso));
  });

  it.each([
    ["UTC", "+00:00"],
    ["GMT", "+00:00"],
    ["Z", "+00:00"],
    ["WET", "+00:00"],
    ["WEST", "+01:00"],
    ["BST", "+01:00"],
    ["CET", "+01:00"],
    ["CEST", "+02:00"],
    ["MEZ", "+01:00"],
    ["MESZ", "+02:00"],
    ["EET", "+02:00"],
    ["EEST", "+03:00"],
    ["MSK", "+03:00"],
    ["NST", "-03:30"],
    ["AST", "-04:00"],
    ["EST", "-05:00"],
    ["EDT", "-04:00"],
    ["CST", "-06:00"],
    ["CDT", "-05:00"],
    ["MST", "-07:00"],
    ["MDT", "-06:00"],
    ["PST", "-08:00"],
    ["PDT", "-07:00"],
    ["AKST", "-09:00"],
    ["HST", "-10:00"],
    ["AEST", "+10:00"],
    ["NZDT", "+13:00"],
  ])("reads the zone name %s as the fixed offset %s", async (zone, offset) => {
    const p = await onlyProgramme(programmeDoc(`start="20250706120000 ${zone}"`));
    expect(p.start).toEqual(new Date(`2025-07-06T12:00:00${offset}`));
  });

  it.each([
    ["without a space", "20250706120000CEST", "2025-07-06T10:00:00Z"],
    ["in lower case, as Date::Manip reads it", "20250706120000 cest", "2025-07-06T10:00:00Z"],
    ["after a short precision", "20250706 CEST", "2025-07-05T22:00:00Z"],
  ])("reads a zone name %s", async (_, start, iso) => {
    const p = await onlyProgramme(programmeDoc(`start="${start}"`));
    expect(p.start).toEqual(new Date(iso));
  });
});

describe("parseXmltv language preference", () => {
  const titles =
    '<title lang="fr">Bonjour</title><title>Hello plain</title><title lang="en">Hello</title><title lang="de-AT">Servus</title>' +
    '<sub-title lang="en">Sub en</sub-title><sub-title lang="de">Sub de</sub-title>' +
    '<desc lang="fr">Desc fr</desc><desc lang="en">Desc en</desc>';

  it("takes the first text matching the preference order", async () => {
    const p = await onlyProgramme(programmeDoc('start="20250106"', titles), { languages: ["de", "en"] });
    expect([p.title, p.subtitle, p.description]).toEqual(["Servus", "Sub de", "Desc en"]);
  });

  it("honours a different order", async () => {
    const p = await onlyProgramme(programmeDoc('start="20250106"', titles), { languages: ["en", "de"] });
    expect([p.title, p.subtitle, p.description]).toEqual(["Hello", "Sub en", "Desc en"]);
  });

  it("keeps the first occurring text when no language matches", async () => {
    const p = await onlyProgramme(programmeDoc('start="20250106"', titles), { languages: ["it"] });
    expect([p.title, p.subtitle, p.description]).toEqual(["Bonjour", "Sub en", "Desc fr"]);
  });

  it("keeps categories in the preferred language plus those without lang, deduplicated, in order", async () => {
    const body =
      '<title>T</title><category lang="en">News</category><category lang="de">Nachrichten</category>' +
      '<category>HD</category><category lang="en">Sport</category><category lang="de">Sport</category>' +
      '<category lang="en">News</category><category>HD</category>';
    const doc = programmeDoc('start="20250106"', body);
    expect((await onlyProgramme(doc, { languages: ["de", "en"] })).categories).toEqual([
      "Nachrichten",
      "HD",
      "Sport",
    ]);
    expect((await onlyProgramme(doc, { languages: ["en"] })).categories).toEqual(["News", "HD", "Sport"]);
    expect((await onlyProgramme(doc, { languages: ["fr"] })).categories).toEqual(["News", "HD", "Sport"]);
  });
});

describe("parseXmltv episode numbers", () => {
  const episode = (nums: string) =>
    onlyProgramme(programmeDoc('start="20250106"', `<title>T</title>${nums}`));

  it.each([
    ["2.9.", 3, 10],
    [" . 4 . ", null, 5],
    ["0/3.11/12.0/1", 1, 12],
    ["1..", 2, null],
    [".", null, null],
    ["x.y.z", null, null],
  ])("reads xmltv_ns %j as season %s episode %s", async (ns, season, ep) => {
    const p = await episode(`<episode-num system="xmltv_ns">${ns}</episode-num>`);
    expect([p.season, p.episode]).toEqual([season, ep]);
  });

  it("prefers xmltv_ns over onscreen but keeps onscreen as written", async () => {
    const p = await episode(
      '<episode-num system="onscreen">S05E07 Part 2</episode-num><episode-num system="xmltv_ns">1.2.</episode-num>',
    );
    expect([p.season, p.episode, p.episodeOnscreen]).toEqual([2, 3, "S05E07 Part 2"]);
  });

  it("falls back to onscreen S01E02 without xmltv_ns; a missing system means onscreen", async () => {
    const p = await episode("<episode-num>s01e02</episode-num>");
    expect([p.season, p.episode, p.episodeOnscreen]).toEqual([1, 2, "s01e02"]);
  });

  it("keeps unparseable onscreen text without numbers", async () => {
    const p = await episode('<episode-num system="onscreen">Folge 12</episode-num>');
    expect([p.season, p.episode, p.episodeOnscreen]).toEqual([null, null, "Folge 12"]);
  });

  it("ignores other numbering systems", async () => {
    const p = await episode('<episode-num system="dd_progid">EP0123</episode-num>');
    expect([p.season, p.episode, p.episodeOnscreen]).toEqual([null, null, null]);
  });
});

describe("parseXmltv XML syntax", () => {
  it("decodes predefined entities and character references in text and attributes", async () => {
    const p = await onlyProgramme(
      `<tv><programme start="20250106" channel="a&amp;b"><title>&lt;Tom &amp; Jerry&gt; &quot;x&quot; &apos;y&apos; caf&#233; caf&#xE9; &#x1F4FA;</title></programme></tv>`,
    );
    expect(p.channel).toBe("a&b");
    expect(p.title).toBe("<Tom & Jerry> \"x\" 'y' café café 📺");
  });

  it("reads CDATA sections verbatim and joins them with surrounding text", async () => {
    const p = await onlyProgramme(
      programmeDoc(
        'start="20250106"',
        "<title>A <![CDATA[<b>&amp;</b>]]> B</title><desc><![CDATA[only]]></desc>",
      ),
    );
    expect([p.title, p.description]).toEqual(["A <b>&amp;</b> B", "only"]);
  });

  it("skips comments, processing instructions and a DOCTYPE with an internal subset", async () => {
    const doc = `<?xml version="1.0"?>
<!-- provider: <test> -->
<!DOCTYPE tv SYSTEM "xmltv.dtd" [ <!ENTITY note "a > b"> ]>
<?xml-stylesheet href="x.xsl"?>
<tv>
<!-- <programme start="20250101" channel="x"><title>commented</title></programme> -->
<programme start="20250106" channel="a"><title>Ti<!-- inner -->tle</title><?pi data?></programme>
</tv>
<!-- trailing comment -->
`;
    const { programmes } = await parse(doc);
    expect(programmes.map((p) => [p.title, p.line])).toEqual([["Title", 7]]);
  });

  it("accepts single-quoted attributes and whitespace around = and in close tags", async () => {
    const p = await onlyProgramme(
      "<tv>\n<programme start = '20250106' channel='it&apos;s' >\n<title lang='en' >Quoted \"ok\"</title >\n</programme  >\n</tv>",
    );
    expect([p.channel, p.title, p.line]).toEqual(["it's", 'Quoted "ok"', 2]);
  });

  it("counts lines across CRLF line ends and normalises them in text", async () => {
    const doc =
      "<tv>\r\n<programme start='20250106' channel='a'>\r\n<desc>one\r\ntwo</desc><title>T</title></programme>\r\n</tv>";
    const p = await onlyProgramme(doc);
    expect([p.description, p.line]).toEqual(["one\ntwo", 2]);
  });
});

describe("parseXmltv encodings", () => {
  const latin1Doc = (declaration: string) =>
    Uint8Array.from([
      ...new TextEncoder().encode(`${declaration}\n<tv><programme start="20250106" channel="a"><title>Caf`),
      0xe9,
      ...new TextEncoder().encode("</title></programme></tv>"),
    ]);

  it.each([
    '<?xml version="1.0" encoding="ISO-8859-1"?>',
    "<?xml version='1.0' encoding='latin1'?>",
    '<?xml version="1.0" encoding="windows-1252" standalone="yes"?>',
  ])("decodes byte 0xE9 as é under %s", async (declaration) => {
    const { programmes } = await parse(latin1Doc(declaration));
    expect(programmes[0]?.title).toBe("Café");
  });

  it("decodes windows-1252 0x80 as the euro sign", async () => {
    const bytes = Uint8Array.from([
      ...new TextEncoder().encode(
        '<?xml version="1.0" encoding="windows-1252"?><tv><channel id="c"><display-name>',
      ),
      0x80,
      ...new TextEncoder().encode("</display-name></channel></tv>"),
    ]);
    expect((await parse(bytes)).channels[0]?.displayName).toBe("€");
  });

  it("reads the encoding when the declaration arrives in 1-byte chunks", async () => {
    const bytes = latin1Doc('<?xml version="1.0" encoding="ISO-8859-1"?>');
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect((await parse(bytes, {}, cuts)).programmes[0]?.title).toBe("Café");
  });

  it("decodes UTF-16 announced by a byte-order mark", async () => {
    const text =
      '<?xml version="1.0" encoding="UTF-16"?><tv><channel id="c"><display-name>Ü</display-name></channel></tv>';
    const units = Uint8Array.from([
      0xff,
      0xfe,
      ...[...text].flatMap((ch) => [ch.charCodeAt(0) & 0xff, ch.charCodeAt(0) >> 8]),
    ]);
    expect((await parse(units, {}, [3, 10])).channels[0]?.displayName).toBe("Ü");
  });

  it("defaults to UTF-8 and skips a byte-order mark", async () => {
    const bytes = Uint8Array.from([
      0xef,
      0xbb,
      0xbf,
      ...new TextEncoder().encode(
        '<?xml version="1.0"?><tv><channel id="c"><display-name>Ü</display-name></channel></tv>',
      ),
    ]);
    expect((await parse(bytes)).channels[0]?.displayName).toBe("Ü");
  });
});

describe("parseXmltv chunk boundaries", () => {
  const doc = `<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE tv SYSTEM "xmltv.dtd">
<tv>
<channel id="c1"><display-name lang="de">Erstes Fernsehen – Ü</display-name></channel>
<!-- a comment -->
<programme start="20250106200000 +0100" stop="20250106211500 +0100" channel="c1" clumpidx="0/1">
<title lang="en">Café &amp; Crème 📺</title><title lang="de">Kaffee</title>
<desc><![CDATA[a <cdata> section]]> &#233;</desc>
<category lang="en">News</category>
<episode-num system="xmltv_ns">2.9.</episode-num>
<rating system='FSK'><value>16</value></rating>
<image>https://img.test/ü.jpg</image>
</programme>
<programme start="20250106211500" channel="c1"><title>Second</title></programme>
</tv>
`;
  const bytes = new TextEncoder().encode(doc);

  it("parses the reference document as written", async () => {
    const { items } = await parse(bytes, { languages: ["en"] });
    expect(items).toEqual<XmltvItem[]>([
      { kind: "channel", channel: { id: "c1", displayName: "Erstes Fernsehen – Ü", line: 4 } },
      {
        kind: "programme",
        programme: {
          channel: "c1",
          start: new Date("2025-01-06T19:00:00Z"),
          stop: new Date("2025-01-06T20:15:00Z"),
          title: "Café & Crème 📺",
          subtitle: null,
          description: "a <cdata> section é",
          categories: ["News"],
          season: 3,
          episode: 10,
          episodeOnscreen: null,
          rating: "16",
          image: "https://img.test/ü.jpg",
          line: 6,
        },
      },
      {
        kind: "programme",
        programme: bare({
          channel: "c1",
          start: new Date("2025-01-06T21:15:00Z"),
          title: "Second",
          line: 14,
        }),
      },
    ]);
  });

  it("gives identical results for a split at every byte", async () => {
    const whole = (await parse(bytes, { languages: ["en"] })).items;
    for (let cut = 1; cut < bytes.length; cut++) {
      const { items } = await parse(bytes, { languages: ["en"] }, [cut]);
      expect(items, `split at byte ${cut}`).toEqual(whole);
    }
  });

  it("keeps records and lines exact across large chunks and tokens longer than a chunk", async () => {
    // Programme i sits on line i + 2 and carries a description of (i * 37) % 9000 characters.
    let big = "<tv>\n";
    for (let i = 0; i < 400; i++) {
      big += `<programme start="20250106" channel="c${i}"><title>P${i}</title><desc>${"d".repeat((i * 37) % 9000)}</desc></programme>\n`;
    }
    big += "</tv>\n";
    const bigBytes = new TextEncoder().encode(big);
    const cuts: number[] = [];
    for (let at = 0, k = 0; at < bigBytes.length; k++) {
      at += [7000, 5000, 13000, 3][k % 4] as number;
      if (at < bigBytes.length) cuts.push(at);
    }
    const { programmes } = await parse(bigBytes, {}, cuts);
    expect(programmes).toHaveLength(400);
    programmes.forEach((p, i) => {
      expect([p.channel, p.title, p.description?.length ?? 0, p.line]).toEqual([
        `c${i}`,
        `P${i}`,
        (i * 37) % 9000,
        i + 2,
      ]);
    });
  });

  it("gives identical results for 1-byte chunks, splitting multi-byte characters", async () => {
    const whole = (await parse(bytes, { languages: ["en"] })).items;
    const cuts = Array.from({ length: bytes.length - 1 }, (_, i) => i + 1);
    expect((await parse(bytes, { languages: ["en"] }, cuts)).items).toEqual(whole);
  });
});
