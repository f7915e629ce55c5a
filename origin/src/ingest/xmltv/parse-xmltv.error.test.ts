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
  it.each([
    [
      "an element left open at the end",
      '<tv>\n<programme start="20250106" channel="a">\n<title>T</title>\n',
      4,
      1,
      "<programme> opened at line 2",
    ],
    [
      "a mismatched close tag",
      '<tv>\n<programme start="20250106" channel="a">\n  <title>T</desc>\n</programme>\n</tv>',
      3,
      11,
      "</desc>",
    ],
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
    [
      "a bare ampersand in captured text",
      '<tv>\n<programme start="20250106" channel="a"><title>Tom & Jerry</title></programme>\n</tv>',
      2,
      52,
      "entity",
    ],
    ["an undefined entity in skipped text", "<tv><x>&nbsp;</x></tv>", 1, 8, "entity"],
    [
      "a malformed reference in an attribute",
      '<tv><programme start="2025&0106" channel="a"/></tv>',
      1,
      27,
      "entity",
    ],
    ["a character reference to an illegal character", "<tv><x>&#0;</x></tv>", 1, 8, "entity"],
    ["an unquoted attribute value", '<tv>\n<programme start=20250106 channel="a"/>\n</tv>', 2, 18, "quoted"],
    ["< inside an attribute value", '<tv><channel id="a<b"/></tv>', 1, 19, "<"],
    ["a duplicate attribute", '<tv><channel id="a" id="b"/></tv>', 1, 21, "duplicate attribute id"],
    [
      "attributes without whitespace between them",
      '<tv><channel id="a"x="b"/></tv>',
      1,
      20,
      "expected whitespace",
    ],
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

  it.each([
    ["seven digits", "2025010"],
    ["an impossible day", "20250230"],
    ["an impossible hour", "2025010624"],
    ["a short offset", "20250106 +01"],
    ["a named zone", "20250106120000 UTC"],
    ["an empty value", ""],
  ])("skips a programme whose start has %s", async (_, start) => {
    const warnings: XmltvWarning[] = [];
    const programmes = await drain(
      inChunks(`<tv>\n<programme start="${start}" channel="a"><title>T</title></programme>\n</tv>`),
      (w) => warnings.push(w),
    );
    expect(programmes).toEqual([]);
    expect(warnings.map((w) => [w.code, w.line])).toEqual([["bad_start", 2]]);
  });
});
