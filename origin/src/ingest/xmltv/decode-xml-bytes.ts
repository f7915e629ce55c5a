/**
 * Turns XML bytes into string chunks. The encoding comes from a byte-order mark or the XML declaration's
 * `encoding=` (UTF-8 when absent), so only the first few bytes are buffered before decoding streams.
 */
import { XmltvSyntaxError } from "./xmltv-syntax-error.ts";

/** Give up looking for the end of the XML declaration after this many bytes; the scanner reports it. */
const MAX_DECLARATION_BYTES = 4096;

export async function* decodeXmlBytes(source: AsyncIterable<Uint8Array>): AsyncGenerator<string> {
  let head: Uint8Array = new Uint8Array(0);
  let decoder: TextDecoder | null = null;
  for await (const chunk of source) {
    if (decoder !== null) {
      const text = decoder.decode(chunk, { stream: true });
      if (text.length > 0) yield text;
      continue;
    }
    head = concatBytes(head, chunk);
    const encoding = sniffEncoding(head, false);
    if (encoding === null) continue;
    decoder = createDecoder(encoding);
    const text = decoder.decode(head, { stream: true });
    if (text.length > 0) yield text;
  }
  if (decoder === null) {
    decoder = createDecoder(sniffEncoding(head, true) ?? UTF8);
    const text = decoder.decode(head, { stream: true });
    if (text.length > 0) yield text;
  }
  const tail = decoder.decode();
  if (tail.length > 0) yield tail;
}

interface SniffedEncoding {
  label: string;
  /** Where the label sits in the declaration, to locate an unknown-encoding error. */
  line: number;
  column: number;
}

const UTF8: SniffedEncoding = { label: "utf-8", line: 1, column: 1 };

/** Returns null while more bytes are needed to decide. */
function sniffEncoding(head: Uint8Array, final: boolean): SniffedEncoding | null {
  if (startsWithBytes(head, [0xef, 0xbb, 0xbf])) return UTF8;
  if (startsWithBytes(head, [0xff, 0xfe])) return { ...UTF8, label: "utf-16le" };
  if (startsWithBytes(head, [0xfe, 0xff])) return { ...UTF8, label: "utf-16be" };
  const declarationStart = [0x3c, 0x3f, 0x78, 0x6d, 0x6c]; // "<?xml"
  if (head.length < declarationStart.length) {
    const couldBeDeclaration = declarationStart.slice(0, head.length).every((byte, i) => head[i] === byte);
    return couldBeDeclaration && !final ? null : UTF8;
  }
  if (!startsWithBytes(head, declarationStart)) return UTF8;
  const end = indexOfDeclarationEnd(head);
  if (end === -1) return final || head.length >= MAX_DECLARATION_BYTES ? UTF8 : null;
  // The declaration itself is ASCII in every encoding we can sniff without a BOM.
  const declaration = new TextDecoder("latin1").decode(head.subarray(0, end));
  const match = /\sencoding\s*=\s*(["'])([^"']*)\1/.exec(declaration);
  if (match === null) return UTF8;
  const labelAt = match.index + match[0].length - 1 - (match[2]?.length ?? 0);
  const before = declaration.slice(0, labelAt);
  const line = before.split("\n").length;
  return { label: match[2] ?? "", line, column: labelAt - before.lastIndexOf("\n") };
}

function createDecoder(encoding: SniffedEncoding): TextDecoder {
  try {
    return new TextDecoder(encoding.label);
  } catch {
    throw new XmltvSyntaxError(`unsupported encoding "${encoding.label}"`, encoding.line, encoding.column);
  }
}

function indexOfDeclarationEnd(bytes: Uint8Array): number {
  for (let i = 1; i < bytes.length; i++) if (bytes[i] === 0x3e && bytes[i - 1] === 0x3f) return i + 1;
  return -1;
}

function startsWithBytes(bytes: Uint8Array, prefix: number[]): boolean {
  return bytes.length >= prefix.length && prefix.every((byte, i) => bytes[i] === byte);
}

function concatBytes(a: Uint8Array, b: Uint8Array): Uint8Array {
  if (a.length === 0) return b;
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a);
  joined.set(b, a.length);
  return joined;
}
