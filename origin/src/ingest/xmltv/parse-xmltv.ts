/**
 * Streaming XMLTV parser for EPG ingestion: bytes in, batches of channel and programme records out.
 * Memory stays bounded by the largest token (1 MiB) plus one input chunk; malformed XML throws an
 * XmltvSyntaxError naming line and column, while unusable records are skipped with a warning.
 */
import { decodeXmlBytes } from "./decode-xml-bytes.ts";
import { XmlScanner } from "./xml-scanner.ts";
import type { XmltvItem, XmltvParseOptions, XmltvWarning } from "./xmltv-item.ts";
import { XmltvItemBuilder } from "./xmltv-item-builder.ts";

export type {
  XmltvChannel,
  XmltvItem,
  XmltvParseOptions,
  XmltvProgramme,
  XmltvWarning,
} from "./xmltv-item.ts";
export { XmltvSyntaxError } from "./xmltv-syntax-error.ts";

/** Yields one batch per decoded input chunk that completed at least one record. */
export async function* parseXmltv(
  source: AsyncIterable<Uint8Array>,
  options: XmltvParseOptions = {},
  onWarning: (warning: XmltvWarning) => void = () => {},
): AsyncGenerator<XmltvItem[]> {
  const builder = new XmltvItemBuilder(options.languages ?? [], onWarning);
  const scanner = new XmlScanner(builder);
  for await (const text of decodeXmlBytes(source)) {
    scanner.feed(text);
    if (builder.items.length > 0) yield builder.take();
  }
  scanner.end();
  if (builder.items.length > 0) yield builder.take();
}
