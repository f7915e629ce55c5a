/**
 * An upload held open half-way, so a test can act while the origin is in the middle of an ingest
 * (its transaction open, its COPY running).
 */

/** A request body that sends its first half now and the rest on release(). */
export function gatedBody(text: string): { stream: ReadableStream<Uint8Array>; release(): void } {
  const bytes = new TextEncoder().encode(text);
  const half = Math.floor(bytes.length / 2);
  let release = () => {};
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes.subarray(0, half));
      release = () => {
        controller.enqueue(bytes.subarray(half));
        controller.close();
      };
    },
  });
  return { stream, release: () => release() };
}
