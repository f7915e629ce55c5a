// RESP2 (the Redis wire protocol) encoder and incremental decoder. Bulk strings stay Buffers so
// callers can choose UTF-8 or base64 without losing binary values; simple strings are strings.

export class RedisReplyError {
  readonly message: string;
  constructor(message: string) {
    this.message = message;
  }
}

export type RespReply = string | number | Buffer | null | RedisReplyError | RespReply[];

const CRLF = Buffer.from("\r\n");

export function encodeCommand(args: readonly (string | Buffer)[]): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${args.length}\r\n`)];
  for (const arg of args) {
    const bytes = typeof arg === "string" ? Buffer.from(arg, "utf8") : arg;
    parts.push(Buffer.from(`$${bytes.length}\r\n`), bytes, CRLF);
  }
  return Buffer.concat(parts);
}

type Parsed = { value: RespReply; next: number } | undefined;

function readLine(buf: Buffer, start: number): { line: string; next: number } | undefined {
  const end = buf.indexOf(CRLF, start);
  if (end === -1) return undefined;
  return { line: buf.toString("utf8", start, end), next: end + 2 };
}

function parseReply(buf: Buffer, start: number): Parsed {
  if (start >= buf.length) return undefined;
  const type = String.fromCharCode(buf[start] as number);
  const header = readLine(buf, start + 1);
  if (!header) return undefined;
  switch (type) {
    case "+":
      return { value: header.line, next: header.next };
    case "-":
      return { value: new RedisReplyError(header.line), next: header.next };
    case ":":
      return { value: Number(header.line), next: header.next };
    case "$": {
      const length = Number(header.line);
      if (length < 0) return { value: null, next: header.next };
      const end = header.next + length;
      if (buf.length < end + 2) return undefined;
      return { value: Buffer.from(buf.subarray(header.next, end)), next: end + 2 };
    }
    case "*": {
      const count = Number(header.line);
      if (count < 0) return { value: null, next: header.next };
      const items: RespReply[] = [];
      let next = header.next;
      for (let i = 0; i < count; i++) {
        const item = parseReply(buf, next);
        if (!item) return undefined;
        items.push(item.value);
        next = item.next;
      }
      return { value: items, next };
    }
    default:
      throw new Error(`RESP protocol error: unexpected type byte ${JSON.stringify(type)}`);
  }
}

/** Feed socket chunks in; get every complete reply out, in order. */
export class RespDecoder {
  #buffer: Buffer = Buffer.alloc(0);

  push(chunk: Buffer): RespReply[] {
    this.#buffer = this.#buffer.length === 0 ? chunk : Buffer.concat([this.#buffer, chunk]);
    const replies: RespReply[] = [];
    let offset = 0;
    for (;;) {
      const parsed = parseReply(this.#buffer, offset);
      if (!parsed) break;
      replies.push(parsed.value);
      offset = parsed.next;
    }
    this.#buffer = this.#buffer.subarray(offset);
    return replies;
  }
}
