/**
 * The upload as a stream of bytes, never buffered whole. The size limit applies to the bytes on the
 * wire and, for `Content-Encoding: gzip`, again to the decompressed bytes — a small zip bomb is cut
 * off at the limit instead of being inflated into memory or the database.
 */
import { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { ProblemError } from "@seeyoo/schema/wire";

export const payloadTooLarge = (limitBytes: number, what: string) =>
  new ProblemError(413, "payloadTooLarge", "Request body too large", {
    detail: `The ${what} limit is ${limitBytes} bytes`,
  });

export function requestBodyBytes(request: Request, limitBytes: number): AsyncIterable<Uint8Array> {
  const declared = Number(request.headers.get("content-length") ?? Number.NaN);
  if (declared > limitBytes) throw payloadTooLarge(limitBytes, "upload");
  const encoding = (request.headers.get("content-encoding") ?? "identity").trim().toLowerCase();
  if (encoding !== "identity" && encoding !== "gzip" && encoding !== "x-gzip") {
    throw new ProblemError(415, "unsupportedMediaType", "Unsupported Content-Encoding", {
      detail: "Send the body uncompressed or with Content-Encoding: gzip",
    });
  }
  const body = request.body ? readStream(request.body) : emptyBody();
  const wire = limited(body, limitBytes, "upload");
  return encoding === "identity" ? wire : limited(gunzip(wire), limitBytes, "decompressed size");
}

async function* emptyBody(): AsyncGenerator<Uint8Array> {}

async function* readStream(stream: ReadableStream<Uint8Array>): AsyncGenerator<Uint8Array> {
  const reader = stream.getReader();
  let done = false;
  try {
    for (;;) {
      const next = await reader.read();
      if (next.done) break;
      yield next.value;
    }
    done = true;
  } finally {
    // Stopped early (limit, parse error): stop receiving the rest of the upload.
    if (!done) await reader.cancel().catch(() => {});
  }
}

async function* limited(source: AsyncIterable<Uint8Array>, limitBytes: number, what: string) {
  let total = 0;
  for await (const chunk of source) {
    total += chunk.byteLength;
    if (total > limitBytes) throw payloadTooLarge(limitBytes, what);
    yield chunk;
  }
}

/** zlib pulls input only as fast as its output is read, so inflation is bounded by our reader. */
async function* gunzip(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  const input = Readable.from(source, { objectMode: false });
  const inflater = createGunzip();
  input.on("error", (error) => inflater.destroy(error));
  input.pipe(inflater);
  try {
    for await (const chunk of inflater) yield chunk as Uint8Array;
  } catch (error) {
    if (error instanceof ProblemError) throw error;
    throw new ProblemError(400, "malformedBody", "The body is not valid gzip", {
      detail: `gzip: ${(error as Error).message}`,
    });
  } finally {
    input.destroy();
    inflater.destroy();
  }
}
