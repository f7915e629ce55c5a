/**
 * A streaming splitter for JSON documents shaped `{ "key": [element, …], "other": value, … }`:
 * it checks the top-level structure itself and hands each array element (or non-array member
 * value) to `onValue` as its own JSON text, so a 200 MB schedule is never one string or one
 * object graph. Each piece is small and parsed by JSON.parse, which checks its syntax.
 */

/** A single element larger than this is refused rather than buffered. */
export const MAX_JSON_VALUE_CHARS = 1 << 20;

export class JsonSyntaxError extends Error {
  readonly line: number;
  readonly column: number;

  constructor(message: string, line: number, column: number) {
    super(`${message} (line ${line}, column ${column})`);
    this.name = "JsonSyntaxError";
    this.line = line;
    this.column = column;
  }
}

export interface JsonValuePiece {
  key: string;
  /** Position in the member's array; null when the member's value is not an array. */
  index: number | null;
  text: string;
  line: number;
  column: number;
}

const S = {
  ROOT: 0,
  FIRST_MEMBER: 1,
  MEMBER: 2,
  KEY: 3,
  COLON: 4,
  VALUE: 5,
  FIRST_ELEMENT: 6,
  ELEMENT: 7,
  CAPTURE: 8,
  AFTER_ELEMENT: 9,
  AFTER_VALUE: 10,
  DONE: 11,
} as const;
type State = (typeof S)[keyof typeof S];

const isSpace = (c: number) => c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;

export class JsonMemberScanner {
  readonly #onValue: (piece: JsonValuePiece) => void;
  #state: State = S.ROOT;
  #line = 1;
  #column = 0;
  #key = "";
  #index = 0;
  #inArray = false;
  // The value being captured: finished parts from earlier chunks plus [#start, i) of this one.
  #parts: string[] = [];
  #partChars = 0;
  #start = -1;
  #startLine = 0;
  #startColumn = 0;
  #depth = 0;
  #inString = false;
  #escaped = false;
  #primitive = false;

  constructor(onValue: (piece: JsonValuePiece) => void) {
    this.#onValue = onValue;
  }

  feed(text: string): void {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === 0x0a) {
        this.#line++;
        this.#column = 0;
      } else {
        this.#column++;
      }
      switch (this.#state) {
        case S.CAPTURE:
          if (this.#capture(text, i, c)) i--; // a primitive ended at a delimiter: look at it again
          break;
        case S.KEY:
          if (this.#capture(text, i, c)) i--;
          break;
        default:
          if (!isSpace(c)) this.#structural(i, c);
      }
    }
    if (this.#start !== -1) {
      this.#keep(text.slice(this.#start));
      this.#start = 0;
    }
  }

  end(): void {
    if (this.#state !== S.DONE) this.#fail("unexpected end of document");
  }

  #structural(i: number, c: number): void {
    switch (this.#state) {
      case S.ROOT:
        if (c !== 0x7b) this.#fail("the document must be a JSON object");
        this.#state = S.FIRST_MEMBER;
        return;
      case S.FIRST_MEMBER:
      case S.MEMBER:
        if (this.#closesEmpty(c, 0x7d, S.FIRST_MEMBER, S.DONE)) return;
        if (c !== 0x22) this.#fail("expected a member name in double quotes");
        this.#state = S.KEY;
        this.#begin(i, c);
        return;
      case S.COLON:
        if (c !== 0x3a) this.#fail("expected ':'");
        this.#state = S.VALUE;
        return;
      case S.VALUE:
        if (c === 0x5b) {
          this.#inArray = true;
          this.#index = 0;
          this.#state = S.FIRST_ELEMENT;
          return;
        }
        this.#inArray = false;
        this.#state = S.CAPTURE;
        this.#begin(i, c);
        return;
      case S.FIRST_ELEMENT:
      case S.ELEMENT:
        if (this.#closesEmpty(c, 0x5d, S.FIRST_ELEMENT, S.AFTER_VALUE)) return;
        if (c === 0x5d || c === 0x2c) this.#fail("expected a value");
        this.#state = S.CAPTURE;
        this.#begin(i, c);
        return;
      case S.AFTER_ELEMENT:
        if (c === 0x2c) this.#state = S.ELEMENT;
        else if (c === 0x5d) this.#state = S.AFTER_VALUE;
        else this.#fail("expected ',' or ']'");
        return;
      case S.AFTER_VALUE:
        if (c === 0x2c) this.#state = S.MEMBER;
        else if (c === 0x7d) this.#state = S.DONE;
        else this.#fail("expected ',' or '}'");
        return;
      case S.DONE:
        this.#fail("unexpected content after the document");
    }
  }

  /** `{}` or `[]`: the closing bracket right after the opening one (never after a comma). */
  #closesEmpty(c: number, closing: number, first: State, next: State): boolean {
    if (c !== closing || this.#state !== first) return false;
    this.#state = next;
    return true;
  }

  #begin(i: number, c: number): void {
    this.#start = i;
    this.#startLine = this.#line;
    this.#startColumn = this.#column;
    this.#parts = [];
    this.#partChars = 0;
    this.#depth = c === 0x7b || c === 0x5b ? 1 : 0;
    this.#inString = c === 0x22;
    this.#escaped = false;
    this.#primitive = this.#depth === 0 && !this.#inString;
    if (this.#primitive && (c === 0x7d || c === 0x5d || c === 0x3a || c === 0x2c))
      this.#fail("expected a value");
  }

  /** Advances the capture over char `c` at `i`; true when a primitive ended before `c`. */
  #capture(text: string, i: number, c: number): boolean {
    if (this.#inString) {
      if (this.#escaped) this.#escaped = false;
      else if (c === 0x5c) this.#escaped = true;
      else if (c === 0x22) {
        this.#inString = false;
        if (this.#depth === 0) this.#finish(text, i + 1);
      }
      return false;
    }
    if (this.#primitive) {
      if (isSpace(c) || c === 0x2c || c === 0x5d || c === 0x7d) {
        this.#finish(text, i);
        // The delimiter is re-read in the new state; undo its position bookkeeping.
        if (c === 0x0a) this.#line--;
        else this.#column--;
        return true;
      }
      return false;
    }
    if (c === 0x22) this.#inString = true;
    else if (c === 0x7b || c === 0x5b) this.#depth++;
    else if (c === 0x7d || c === 0x5d) {
      this.#depth--;
      if (this.#depth === 0) this.#finish(text, i + 1);
    }
    return false;
  }

  #keep(part: string): void {
    this.#partChars += part.length;
    if (this.#partChars > MAX_JSON_VALUE_CHARS) {
      throw new JsonSyntaxError(
        `a single value is longer than ${MAX_JSON_VALUE_CHARS} characters`,
        this.#startLine,
        this.#startColumn,
      );
    }
    this.#parts.push(part);
  }

  #finish(text: string, end: number): void {
    this.#keep(text.slice(this.#start, end));
    const value = this.#parts.length === 1 ? (this.#parts[0] as string) : this.#parts.join("");
    this.#parts = [];
    this.#start = -1;
    if (this.#state === S.KEY) {
      this.#key = this.#parseKey(value);
      this.#state = S.COLON;
      return;
    }
    this.#onValue({
      key: this.#key,
      index: this.#inArray ? this.#index++ : null,
      text: value,
      line: this.#startLine,
      column: this.#startColumn,
    });
    this.#state = this.#inArray ? S.AFTER_ELEMENT : S.AFTER_VALUE;
  }

  #parseKey(text: string): string {
    try {
      return JSON.parse(text) as string;
    } catch {
      throw new JsonSyntaxError("invalid member name", this.#startLine, this.#startColumn);
    }
  }

  #fail(message: string): never {
    throw new JsonSyntaxError(message, this.#line, Math.max(this.#column, 1));
  }
}
