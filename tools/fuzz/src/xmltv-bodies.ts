/**
 * XMLTV documents for the ingest route: well-formed ones whose attributes and texts are hostile
 * (odd times, NUL as a character reference, lone surrogates, unknown channels) and broken ones.
 */
import fc from "fast-check";
import { hostileString, isoLikeInstant, ODD_INSTANTS } from "./hostile-values.ts";

const escapeXml = (text: string) =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

const xmltvTime = fc.oneof(
  fc.constantFrom(
    "20260101120000 +0000",
    "00000101000000 +0000",
    "00500101000000 +0000",
    "20260231120000 +0000",
    "20261301000000",
    "202601011200 BST",
    "2026",
    "99991231235959 +1400",
    "20260101120000 +9999",
    "20260101120000 -0000",
    "",
  ),
  fc.constantFrom(...ODD_INSTANTS),
  isoLikeInstant.map((t) => t.replace(/[-:T]/g, "").replace(/Z$/, " +0000")),
);

const text = fc.oneof(
  hostileString.map(escapeXml),
  fc.constantFrom("&#0;", "&#xD800;", "&#x110000;", "&unknown;", "&amp", "<![CDATA[\u0000]]>", "title"),
);

const programme = fc
  .record({ channel: text, start: xmltvTime, stop: fc.option(xmltvTime), title: text })
  .map(
    (p) =>
      `<programme channel="${p.channel}" start="${p.start}"${p.stop === null ? "" : ` stop="${p.stop}"`}><title>${p.title}</title></programme>`,
  );

const wellFormed = fc
  .record({ channelId: text, name: text, programmes: fc.array(programme, { maxLength: 4 }) })
  .map(
    (d) =>
      `<?xml version="1.0" encoding="UTF-8"?>\n<tv><channel id="${d.channelId}"><display-name>${d.name}</display-name></channel>${d.programmes.join("")}</tv>`,
  );

export const xmltvBody: fc.Arbitrary<string> = fc.oneof(
  { weight: 4, arbitrary: wellFormed },
  {
    weight: 1,
    arbitrary: fc.constantFrom(
      "<tv>",
      "<tv></tv>",
      "<?xml version='1.0' encoding='UTF-16'?><tv/>",
      '<!DOCTYPE tv [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;">]><tv>&b;</tv>',
      `<tv>${"<x>".repeat(5_000)}</tv>`,
      "\u0000<tv/>",
    ),
  },
);
