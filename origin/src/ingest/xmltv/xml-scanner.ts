/**
 * A streaming, well-formedness-checking XML tokenizer fed with decoded string chunks.
 *
 * It scans with indexOf rather than per-character callbacks, keeps only the unfinished token between
 * chunks, and reports elements and text to a handler. Text is entity-decoded only when the handler
 * wants it (and merely validated otherwise). No DTD processing: the DOCTYPE is skipped, so only the
 * predefined entities exist. Every fault is thrown as an XmltvSyntaxError with line and column.
 */
import { decodeEntities } from "./xml-entities.ts";
import { XmltvSyntaxError } from "./xmltv-syntax-error.ts";

/** A single token (text node, tag, comment, CDATA section) longer than this is refused to bound memory. */
export const MAX_TOKEN_CHARS = 1024 * 1024;
const MAX_DEPTH = 64;
/** Attributes one element may carry; XMLTV's richest element has six. */
export const MAX_ATTRIBUTES = 256;
/** Up to this many attributes, duplicates are found by comparing names pairwise (no hashing). */
const PAIRWISE_ATTRIBUTES = 8;
const NO_NEWLINE = Number.MAX_SAFE_INTEGER;
/** How much of a new chunk is first joined to an unfinished token from the previous one. */
const JOIN_WINDOW_CHARS = 4096;

export interface XmlHandler {
  /** Whether text inside the current element should be decoded and passed to `text`. */
  readonly wantsText: boolean;
  /** Characters captured so far in the current top-level record; the scanner enforces the limit. */
  readonly capturedChars: number;
  /** `attrs` holds name/value pairs flat in its first `attrCount` slots; it is reused between calls. */
  openTag(name: string, attrs: string[], attrCount: number, depth: number, line: number): void;
  closeTag(depth: number): void;
  text(value: string): void;
}

export class XmlScanner {
  private readonly handler: XmlHandler;
  private buf = "";
  private pos = 0;
  /** Absolute offset of `buf[0]` in the document. */
  private base = 0;
  private line = 1;
  private lineStartAbs = 0;
  /** Index in `buf` of the first newline not yet counted into `line`. */
  private nextNewline = NO_NEWLINE;
  private readonly names: string[] = [];
  private readonly lines: number[] = [];
  private readonly attrs: string[] = [];
  /** Names of the current tag's attributes once there are too many to compare pairwise. */
  private readonly attrNames = new Set<string>();
  private rootSeen = false;

  constructor(handler: XmlHandler) {
    this.handler = handler;
  }

  feed(chunk: string): void {
    let leftover = this.buf.length - this.pos;
    if (leftover === 0) {
      this.replaceBuffer(chunk, 0);
      this.scan(false);
    } else {
      // Finish the unfinished token in a small joined window instead of concatenating the whole
      // chunk: a cons string of a large chunk would be flattened (copied) by the first indexOf.
      let take = Math.min(chunk.length, Math.max(JOIN_WINDOW_CHARS, 2 * leftover));
      let unfinished = this.buf.slice(this.pos);
      for (;;) {
        this.replaceBuffer(unfinished + chunk.slice(0, take), 0);
        leftover = unfinished.length;
        this.scan(false);
        if (this.pos >= leftover || take === chunk.length) break;
        unfinished = this.buf.slice(this.pos, leftover);
        take = Math.min(chunk.length, take * 4);
      }
      if (take < chunk.length) {
        this.replaceBuffer(chunk, this.pos - leftover);
        this.scan(false);
      }
    }
    if (this.buf.length - this.pos > MAX_TOKEN_CHARS) {
      this.fail(this.pos, `token longer than ${MAX_TOKEN_CHARS} characters`);
    }
  }

  /** Continues scanning in `next`, whose index `resumeAt` corresponds to the current position. */
  private replaceBuffer(next: string, resumeAt: number): void {
    this.lineAt(this.pos);
    this.base += this.pos - resumeAt;
    this.buf = next;
    this.pos = resumeAt;
    const found = next.indexOf("\n", resumeAt);
    this.nextNewline = found === -1 ? NO_NEWLINE : found;
  }

  end(): void {
    this.scan(true);
    const depth = this.names.length;
    if (depth > 0) {
      this.fail(
        this.buf.length,
        `unexpected end of document: <${this.names[depth - 1]}> opened at line ${this.lines[depth - 1]} is not closed`,
      );
    }
    if (!this.rootSeen) this.fail(this.buf.length, "missing root element <tv>");
  }

  private scan(final: boolean): void {
    const buf = this.buf;
    const len = buf.length;
    let pos = this.pos;
    while (pos < len) {
      const lt = buf.indexOf("<", pos);
      if (lt === -1) {
        if (final) {
          this.textRun(pos, len);
          pos = len;
        }
        break;
      }
      if (lt > pos) this.textRun(pos, lt);
      pos = lt;
      const next = lt + 1 < len ? buf.charCodeAt(lt + 1) : -1;
      let after: number;
      if (next === 47 /* / */) after = this.closeTag(lt);
      else if (next === 33 /* ! */) after = this.markupDeclaration(lt, final);
      else if (next === 63 /* ? */) after = this.processingInstruction(lt);
      else if (next === -1) after = -1;
      else after = this.startTag(lt);
      if (after === -1) break;
      pos = after;
    }
    this.pos = pos;
    if (final && pos < len) this.fail(len, "unexpected end of document inside markup");
  }

  private startTag(lt: number): number {
    const buf = this.buf;
    const len = buf.length;
    const nameEnd = this.nameEnd(lt + 1);
    if (nameEnd === lt + 1) this.fail(lt + 1, "invalid character after <");
    if (nameEnd >= len) return -1;
    const name = buf.slice(lt + 1, nameEnd);
    const attrs = this.attrs;
    let attrCount = 0;
    let i = nameEnd;
    let selfClosing = false;
    for (;;) {
      let c = buf.charCodeAt(i);
      const afterName = i;
      while (c === 32 || c === 10 || c === 9 || c === 13) c = buf.charCodeAt(++i);
      if (i >= len) return -1;
      if (c === 62 /* > */) {
        i++;
        break;
      }
      if (c === 47 /* / */) {
        if (i + 1 >= len) return -1;
        if (buf.charCodeAt(i + 1) !== 62) this.fail(i + 1, "expected > after /");
        selfClosing = true;
        i += 2;
        break;
      }
      if (i === afterName) this.fail(i, `expected whitespace, > or /> in <${name}>`);
      const attrStart = i;
      const attrNameEnd = this.nameEnd(i);
      if (attrNameEnd === i) this.fail(i, `invalid attribute in <${name}>`);
      if (attrNameEnd >= len) return -1;
      const attrName = buf.slice(i, attrNameEnd);
      i = attrNameEnd;
      c = buf.charCodeAt(i);
      while (c === 32 || c === 10 || c === 9 || c === 13) c = buf.charCodeAt(++i);
      if (i >= len) return -1;
      if (c !== 61 /* = */) this.fail(i, `expected = after attribute ${attrName}`);
      c = buf.charCodeAt(++i);
      while (c === 32 || c === 10 || c === 9 || c === 13) c = buf.charCodeAt(++i);
      if (i >= len) return -1;
      if (c !== 34 && c !== 39) this.fail(i, `value of attribute ${attrName} must be quoted`);
      const close = buf.indexOf(c === 34 ? '"' : "'", i + 1);
      if (close === -1) return -1;
      const raw = buf.slice(i + 1, close);
      const badLt = raw.indexOf("<");
      if (badLt !== -1) this.fail(i + 1 + badLt, `< in value of attribute ${attrName}`);
      if (this.isDuplicateAttribute(attrName, attrCount)) {
        this.fail(attrStart, `duplicate attribute ${attrName}`);
      }
      if (attrCount === 2 * MAX_ATTRIBUTES) {
        this.fail(attrStart, `more than ${MAX_ATTRIBUTES} attributes in <${name}>`);
      }
      attrs[attrCount++] = attrName;
      attrs[attrCount++] = this.decoded(raw, i + 1);
      i = close + 1;
    }

    const depth = this.names.length;
    if (depth === 0) {
      if (this.rootSeen) this.fail(lt, "element after the root element");
      if (name !== "tv") this.fail(lt, `root element must be <tv>, found <${name}>`);
      this.rootSeen = true;
    } else if (depth >= MAX_DEPTH) {
      this.fail(lt, `elements nested deeper than ${MAX_DEPTH}`);
    }
    const line = this.lineAt(lt);
    this.handler.openTag(name, attrs, attrCount, depth + 1, line);
    if (selfClosing) {
      this.handler.closeTag(depth + 1);
    } else {
      this.names.push(name);
      this.lines.push(line);
    }
    return i;
  }

  /**
   * Whether `name` is among the first `attrCount / 2` attributes of the tag being read. Linear in
   * the number of attributes: a set takes over from pairwise comparison past a few of them.
   */
  private isDuplicateAttribute(name: string, attrCount: number): boolean {
    const attrs = this.attrs;
    const seen = this.attrNames;
    if (attrCount < 2 * PAIRWISE_ATTRIBUTES) {
      for (let k = 0; k < attrCount; k += 2) if (attrs[k] === name) return true;
      return false;
    }
    if (attrCount === 2 * PAIRWISE_ATTRIBUTES) {
      seen.clear();
      for (let k = 0; k < attrCount; k += 2) seen.add(attrs[k] as string);
    }
    if (seen.has(name)) return true;
    seen.add(name);
    return false;
  }

  private closeTag(lt: number): number {
    const buf = this.buf;
    const gt = buf.indexOf(">", lt + 2);
    if (gt === -1) return -1;
    const depth = this.names.length;
    const open = depth > 0 ? (this.names[depth - 1] as string) : "";
    let nameEnd = lt + 2 + open.length;
    // Fast path `</name>`; otherwise allow trailing whitespace but not a longer name.
    if (nameEnd !== gt || !buf.startsWith(open, lt + 2) || depth === 0) {
      if (depth > 0 && buf.startsWith(open, lt + 2)) {
        while (nameEnd < gt && isSpace(buf.charCodeAt(nameEnd))) nameEnd++;
      }
      if (depth === 0 || nameEnd !== gt || !buf.startsWith(open, lt + 2)) {
        const found = buf.slice(lt + 2, gt).trim();
        if (depth === 0) this.fail(lt, `unexpected close tag </${found}>`);
        this.fail(
          lt,
          `mismatched close tag </${found}>, expected </${open}> (opened at line ${this.lines[depth - 1]})`,
        );
      }
    }
    this.names.pop();
    this.lines.pop();
    this.handler.closeTag(depth);
    return gt + 1;
  }

  /** Comments, CDATA sections and the DOCTYPE. */
  private markupDeclaration(lt: number, final: boolean): number {
    const buf = this.buf;
    if (buf.startsWith("<!--", lt)) {
      const end = buf.indexOf("-->", lt + 4);
      return end === -1 ? -1 : end + 3;
    }
    if (buf.startsWith("<![CDATA[", lt)) {
      const end = buf.indexOf("]]>", lt + 9);
      if (end === -1) return -1;
      if (this.names.length === 0) this.fail(lt, "CDATA section outside the root element");
      if (this.handler.wantsText) this.deliverText(buf.slice(lt + 9, end), lt);
      return end + 3;
    }
    if (buf.startsWith("<!DOCTYPE", lt)) {
      if (this.rootSeen) this.fail(lt, "DOCTYPE after the root element");
      return this.doctypeEnd(lt + 9);
    }
    if (buf.length - lt < 9 && !final) return -1;
    return this.fail(lt, "invalid markup after <!");
  }

  /** Skips the DOCTYPE including an internal subset, honouring quotes. */
  private doctypeEnd(from: number): number {
    const buf = this.buf;
    let bracket = false;
    for (let i = from; i < buf.length; i++) {
      const c = buf.charCodeAt(i);
      if (c === 34 || c === 39) {
        const close = buf.indexOf(c === 34 ? '"' : "'", i + 1);
        if (close === -1) return -1;
        i = close;
      } else if (c === 91 /* [ */) bracket = true;
      else if (c === 93 /* ] */) bracket = false;
      else if (c === 62 && !bracket) return i + 1;
    }
    return -1;
  }

  private processingInstruction(lt: number): number {
    const buf = this.buf;
    const end = buf.indexOf("?>", lt + 2);
    if (end === -1) return -1;
    const targetEnd = this.nameEnd(lt + 2);
    if (targetEnd === lt + 2) this.fail(lt + 2, "invalid processing instruction target");
    if (buf.slice(lt + 2, targetEnd).toLowerCase() === "xml" && this.base + lt !== 0) {
      this.fail(lt, "XML declaration is only allowed at the very start of the document");
    }
    return end + 2;
  }

  private textRun(start: number, end: number): void {
    if (this.names.length === 0) {
      const buf = this.buf;
      for (let i = start; i < end; i++) {
        if (!isSpace(buf.charCodeAt(i))) {
          this.fail(i, this.rootSeen ? "text after the root element" : "text before the root element");
        }
      }
      return;
    }
    const raw = this.buf.slice(start, end);
    if (this.handler.wantsText) {
      this.deliverText(this.decoded(raw, start), start);
    } else if (raw.indexOf("&") !== -1) {
      this.decoded(raw, start);
    }
  }

  private deliverText(value: string, at: number): void {
    this.handler.text(value);
    if (this.handler.capturedChars > MAX_TOKEN_CHARS) {
      this.fail(at, `element text longer than ${MAX_TOKEN_CHARS} characters`);
    }
  }

  private decoded(raw: string, at: number): string {
    const decoded = decodeEntities(raw);
    if (typeof decoded === "number")
      return this.fail(at + decoded, "malformed entity or character reference");
    return decoded;
  }

  /** Index just past an XML name starting at `from` (`from` itself when no name starts there). */
  private nameEnd(from: number): number {
    const buf = this.buf;
    const len = buf.length;
    let i = from;
    if (i < len && !isNameStart(buf.charCodeAt(i))) return from;
    while (i < len && isNameChar(buf.charCodeAt(i))) i++;
    return i;
  }

  /** Line of buffer index `pos`; positions must be asked in non-decreasing order. */
  private lineAt(pos: number): number {
    while (this.nextNewline < pos) {
      this.line++;
      this.lineStartAbs = this.base + this.nextNewline + 1;
      const found = this.buf.indexOf("\n", this.nextNewline + 1);
      this.nextNewline = found === -1 ? NO_NEWLINE : found;
    }
    return this.line;
  }

  private fail(pos: number, message: string): never {
    const line = this.lineAt(pos);
    throw new XmltvSyntaxError(message, line, this.base + pos - this.lineStartAbs + 1);
  }
}

function isSpace(c: number): boolean {
  return c === 32 || c === 10 || c === 9 || c === 13;
}

/** ASCII name characters: 1 = may start a name, 2 = may only continue one. Non-ASCII is decided below. */
const NAME_ASCII = new Uint8Array(128);
for (let c = 0; c < 128; c++) {
  const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || c === 95 || c === 58;
  NAME_ASCII[c] = letter ? 1 : (c >= 48 && c <= 57) || c === 45 || c === 46 ? 2 : 0;
}

function isNameStart(c: number): boolean {
  return c < 128 ? NAME_ASCII[c] === 1 : c >= 0xc0;
}

function isNameChar(c: number): boolean {
  return c < 128 ? NAME_ASCII[c] !== 0 : c === 0xb7 || c >= 0xc0;
}
