import { describe, expect, it } from "vitest";
import { parseXmltv, type XmltvProgramme, XmltvSyntaxError, type XmltvWarning } from "./parse-xmltv.ts";

async function* inChunks(doc: string | Uint8Array, size = 64 * 1024): AsyncGenerator<Uint8Array> {
  const bytes = typeof doc === "string" ? new TextEncoder().encode(doc) : doc;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

async function drain(source: AsyncIterable<Uint8Array>, onWarning?: (w: XmltvWarning) => void) {
  const programmes: XmltvProgramme[] = [];
  for await (const batch of parseXmltv(source, {}, onWarning)) {
    for (const item of batch) if (item.kind === "programme") programmes.push(item.programme);
  }
  return programmes;
}

async function syntaxError(doc: string | Uint8Array | AsyncIterable<Uint8Array>): Promise<XmltvSyntaxError> {
  const source = typeof doc === "string" || doc instanceof Uint8Array ? inChunks(doc) : doc;
  try {
    await drain(source);
  } catch (error) {
    expect(error).toBeInstanceOf(XmltvSyntaxError);
    return error as XmltvSyntaxError;
  }
  throw new Error("expected an XmltvSyntaxError");
}

describe("parseXmltv rejects malformed XML with line and column", () => {
  // biome-ignore format: one case a line, so the cases read as a table
  it.each([
    ["an element left open at the end", '<tv>\n<programme start="20250106" channel="a">\n<title>T</title>\n', 4, 1, "<programme> opened at line 2"],
    ["a mismatched close tag", '<tv>\n<programme start="20250106" channel="a">\n  <title>T</desc>\n</programme>\n</tv>', 3, 11, "</desc>"],
    ["a close tag without an open element", "</tv>", 1, 1, "unexpected close tag"],
    ["a stray < before a name", "<tv>\n  <<programme/>\n</tv>", 2, 4, "invalid character"],
    ["text after the root element", "<tv></tv>\nhello", 2, 1, "text after the root"],
    ["an element after the root element", "<tv/>\n<tv/>", 2, 1, "after the root"],
    ["text before the root element", "  x<tv/>", 1, 3, "text before the root"],
    ["a document truncated inside a tag", '<tv>\n<programme start="2025', 2, 23, "end of document"],
    ["a document truncated inside a comment", "<tv>\n<!-- unterminated", 2, 18, "end of document"],
    ["a root other than <tv>", '<?xml version="1.0"?>\n<epg>\n</epg>', 2, 1, "root element must be <tv>"],
    ["a document without any element", '<?xml version="1.0"?>\n', 2, 1, "missing root"],
    ["an empty document", "", 1, 1, "missing root"],
    ["a bare ampersand in captured text", '<tv>\n<programme start="20250106" channel="a"><title>Tom & Jerry</title></programme>\n</tv>', 2, 52, "entity"],
    ["an undefined entity in skipped text", "<tv><x>&nbsp;</x></tv>", 1, 8, "entity"],
    ["a malformed reference in an attribute", '<tv><programme start="2025&0106" channel="a"/></tv>', 1, 27, "entity"],
    ["a character reference to an illegal character", "<tv><x>&#0;</x></tv>", 1, 8, "entity"],
    ["an unquoted attribute value", '<tv>\n<programme start=20250106 channel="a"/>\n</tv>', 2, 18, "quoted"],
    ["< inside an attribute value", '<tv><channel id="a<b"/></tv>', 1, 19, "<"],
    ["a duplicate attribute", '<tv><channel id="a" id="b"/></tv>', 1, 21, "duplicate attribute id"],
    ["attributes without whitespace between them", '<tv><channel id="a"x="b"/></tv>', 1, 20, "expected whitespace"],
    ["an XML declaration that is not at the start", '\n<?xml version="1.0"?><tv/>', 2, 1, "XML declaration"],
    ["invalid markup after <!", "<tv><!ELEMENT x></tv>", 1, 5, "invalid markup"],
    ["CDATA outside the root", "<![CDATA[x]]><tv/>", 1, 1, "CDATA"],
  ])("%s", async (_, doc, line, column, message) => {
    const error = await syntaxError(doc);
    expect([error.line, error.column]).toEqual([line, column]);
    expect(error.message).toContain(message);
  });

  it("reports the same position when the document arrives byte by byte", async () => {
    const doc = '<tv>\n<programme start="20250106" channel="a">\n  <title>T</desc>\n</programme>\n</tv>';
    const error = await syntaxError(inChunks(doc, 1));
    expect([error.line, error.column]).toEqual([3, 11]);
  });

  it("rejects an unknown encoding, pointing at its name", async () => {
    const error = await syntaxError('<?xml version="1.0" encoding="klingon-8"?>\n<tv/>');
    expect([error.line, error.column]).toEqual([1, 31]);
    expect(error.message).toContain("klingon-8");
  });
});

describe("parseXmltv bounds memory", () => {
  it("rejects a text node over 1 MiB at its start", async () => {
    const doc = `<tv>\n<programme start="20250106" channel="a"><desc>${"x".repeat(1_200_000)}</desc><title>T</title></programme></tv>`;
    const error = await syntaxError(doc);
    expect([error.line, error.column]).toEqual([2, 47]);
  });

  it("stops reading an endless comment after about 1 MiB instead of buffering it", async () => {
    let pulled = 0;
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield new TextEncoder().encode("<tv><!--");
      const filler = new TextEncoder().encode("x".repeat(64 * 1024));
      for (let i = 0; i < 1024; i++) {
        pulled++;
        yield filler;
      }
    }
    const error = await syntaxError(endless());
    expect([error.line, error.column]).toEqual([1, 5]);
    expect(pulled).toBeLessThanOrEqual(17);
  });

  it("rejects a programme whose text adds up to more than 1 MiB", async () => {
    const category = `<category>${"c".repeat(100_000)}</category>`;
    const doc = `<tv>\n<programme start="20250106" channel="a"><title>T</title>${category.repeat(11)}</programme></tv>`;
    const error = await syntaxError(doc);
    expect(error.line).toBe(2);
    expect(error.message).toContain("longer than");
  });
});

describe("parseXmltv skips unusable records with warnings", () => {
  const doc = `<tv>
<programme start="20250106" channel="a"><desc>no title</desc><title> </title></programme>
<programme start="yesterday" channel="a"><title>Bad start</title></programme>
<programme start="20250106" stop="20251399" channel="a"><title>Bad stop</title></programme>
<programme start="20250106"><title>No channel</title></programme>
<channel><display-name>No id</display-name></channel>
<programme start="20250106" channel="a"><title>Good</title></programme>
</tv>`;

  it("keeps the usable programmes", async () => {
    const programmes = await drain(inChunks(doc));
    expect(programmes.map((p) => [p.title, p.stop, p.line])).toEqual([
      ["Bad stop", null, 4],
      ["Good", null, 7],
    ]);
  });

  it("warns with code, element and the line of the record", async () => {
    const warnings: XmltvWarning[] = [];
    await drain(inChunks(doc), (w) => warnings.push(w));
    expect(warnings.map((w) => [w.code, w.element, w.line])).toEqual([
      ["missing_title", "programme", 2],
      ["bad_start", "programme", 3],
      ["bad_stop", "programme", 4],
      ["missing_channel", "programme", 5],
      ["missing_channel_id", "channel", 6],
    ]);
    expect(warnings.every((w) => w.message.length > 0)).toBe(true);
  });
});

describe("parseXmltv refuses impossible, out-of-range and unknown times, never normalising them", () => {
  const rejected: [string, string, string][] = [
    ["seven digits", "2025010", "found 7 digits"],
    ["three digits", "202", "found 3 digits"],
    ["fifteen digits", "202501061200001", "found 15 digits"],
    ["ISO 8601 punctuation", "2025-01-06", 'offset "-01-06" is not ±hhmm'],
    ["31 February", "20260231", "day 31 does not exist in 2026-02"],
    ["29 February outside a leap year", "20250229", "day 29 does not exist in 2025-02"],
    ["29 February of a century that is not a leap year", "21000229", "day 29 does not exist in 2100-02"],
    ["day 0", "20250100", "day 0 does not exist"],
    ["month 13", "202513", "month 13 does not exist"],
    ["month 0", "20250001", "month 0 does not exist"],
    ["hour 24", "2025010624", "hour 24 does not exist"],
    ["hour 25", "2025010625", "hour 25 does not exist"],
    ["minute 60", "202501061260", "minute 60 does not exist"],
    ["second 60", "20250106120060", "second 60 does not exist"],
    ["year 0000", "00000101", "year 0 is outside 1970–9999"],
    ["year 0050", "0050", "year 50 is outside 1970–9999"],
    ["a year before 1970", "19691231235959", "year 1969 is outside"],
    ["an offset that moves the instant before 1970", "19700101000000 +0100", "instant is outside"],
    ["an offset that moves the instant past 9999", "99991231233000 -0100", "instant is outside"],
    ["a short offset", "20250106 +01", 'offset "+01" is not ±hhmm'],
    ["an offset with a colon", "20250106 +01:00", "is not ±hhmm"],
    ["an offset over 14 hours", "20250106 +1500", "offset +1500 does not exist"],
    ["an offset with 60 minutes", "20250106 +0160", "offset +0160 does not exist"],
    ["an unknown zone name", "20250106120000 XYZ", 'unknown time zone "XYZ"'],
    ["an ambiguous zone name (India, Ireland or Israel)", "20250106120000 IST", 'unknown time zone "IST"'],
    ["a GMT+n name (its sign differs between tools)", "20250106120000 GMT+1", "unknown time zone"],
    ["a zone and an offset", "20250106120000 CET +0100", "unknown time zone"],
    ["an empty value", "", "it is empty"],
    ["only spaces", "   ", "it is empty"],
  ];

  async function parseWithWarnings(doc: string) {
    const warnings: XmltvWarning[] = [];
    const programmes = await drain(inChunks(doc), (w) => warnings.push(w));
    return { programmes, warnings };
  }

  it.each(rejected)(
    "skips a programme whose start has %s, reporting why and its line",
    async (_, start, why) => {
      const { programmes, warnings } = await parseWithWarnings(
        `<tv>\n\n<programme start="${start}" channel="a"><title>T</title></programme>\n</tv>`,
      );
      expect(programmes).toEqual([]);
      expect(warnings.map((w) => [w.code, w.line])).toEqual([["bad_start", 3]]);
      expect(warnings[0]?.message).toContain(JSON.stringify(start));
      expect(warnings[0]?.message).toContain(why);
    },
  );

  it.each(rejected)("ignores a stop with %s, reporting why and its line", async (_, stop, why) => {
    const { programmes, warnings } = await parseWithWarnings(
      `<tv>\n<programme start="20250106" stop="${stop}" channel="a"><title>T</title></programme>\n</tv>`,
    );
    expect(programmes.map((p) => [p.start.toISOString(), p.stop])).toEqual([
      ["2025-01-06T00:00:00.000Z", null],
    ]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([["bad_stop", 2]]);
    expect(warnings[0]?.message).toContain(why);
  });

  it("reports every rejected time of a document, each with the line of its programme", async () => {
    const lines = rejected.map(
      ([, start]) => `<programme start="${start}" channel="a"><title>T</title></programme>`,
    );
    const { programmes, warnings } = await parseWithWarnings(`<tv>\n${lines.join("\n")}\n</tv>`);
    expect(programmes).toEqual([]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual(rejected.map((_, i) => ["bad_start", i + 2]));
  });
});

describe("parseXmltv bounds the attributes of an element", () => {
  const attributes = (count: number, from = 0) =>
    Array.from({ length: count }, (_, i) => ` a${from + i}="${i}"`).join("");

  it("reads an element with 256 attributes", async () => {
    const doc = `<tv>\n<programme channel="a" start="20250106"${attributes(254)}><title>T</title></programme>\n</tv>`;
    expect((await drain(inChunks(doc))).map((p) => p.title)).toEqual(["T"]);
  });

  it("rejects the 257th attribute, naming its line and column", async () => {
    const doc = `<tv>\n<programme channel="a" start="20250106"${attributes(254)}\n b="x"><title>T</title></programme></tv>`;
    const error = await syntaxError(doc);
    expect([error.line, error.column]).toEqual([3, 2]);
    expect(error.message).toContain("more than 256 attributes in <programme>");
  });

  it("rejects an element with 20,000 attributes as a syntax error on its line", async () => {
    const doc = `<tv>\n<channel id="c">\n<icon${attributes(20_000)}/></channel></tv>`;
    const error = await syntaxError(inChunks(doc, 4096));
    expect(error.line).toBe(3);
    expect(error.message).toContain("more than 256 attributes in <icon>");
  });

  it.each([
    ["among the first few attributes", 3, 5],
    ["far apart in a long attribute list", 3, 200],
  ])("rejects a duplicate attribute %s", async (_, first, second) => {
    const before = `<tv><channel id="c"${attributes(second)}`;
    const error = await syntaxError(`${before} a${first}="again"/></tv>`);
    expect(error.message).toContain(`duplicate attribute a${first}`);
    expect([error.line, error.column]).toEqual([1, before.length + 2]);
  });
});
