/**
 * Recognises a re-post of what this provider last applied without parsing it: the upload is
 * compared block by block with the applied run's block hashes and spooled to a temporary file
 * meanwhile. At the first differing block (or byte past the old length) the spool is replayed
 * into the parser, followed by the rest of the upload — so a changed document still streams, and
 * an identical one costs only its transfer and hashing. Memory stays bounded: the prefix lives on
 * disk, and the spool never holds more than the upload size limit (413 beyond), whatever stream it
 * is given.
 */

import { randomBytes } from "node:crypto";
import { createReadStream } from "node:fs";
import { type FileHandle, open, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContentFingerprint } from "./content-fingerprint.ts";
import { payloadTooLarge } from "./request-body-stream.ts";

export interface AppliedContent {
  contentHash: string;
  bytes: number;
  blocks: string[];
}

export interface RepostCheck {
  /** Every byte matched the applied content (the caller still decides whether that is enough). */
  identical: boolean;
  /** The whole upload again, from its first byte. */
  source: AsyncIterable<Uint8Array>;
  /** Removes the spool file; safe to call more than once. */
  dispose(): Promise<void>;
}

export async function checkRepost(
  upload: AsyncIterable<Uint8Array>,
  fingerprint: ContentFingerprint,
  applied: AppliedContent,
  hashContext: string,
  limitBytes: number,
): Promise<RepostCheck> {
  const path = join(tmpdir(), `seeyoo-ingest-${randomBytes(8).toString("hex")}.spool`);
  const spool: FileHandle = await open(path, "w");
  let spoolOpen = true;
  const dispose = async () => {
    if (spoolOpen) await spool.close().catch(() => {});
    spoolOpen = false;
    await rm(path, { force: true });
  };
  const iterator = upload[Symbol.asyncIterator]();
  let compared = 0;
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) break;
      fingerprint.update(next.value);
      if (fingerprint.bytes > limitBytes) throw payloadTooLarge(limitBytes, "upload");
      await spool.write(next.value);
      const differs = diverged(fingerprint, applied, compared);
      compared = fingerprint.blocks.length;
      if (differs) {
        await spool.close();
        spoolOpen = false;
        return { identical: false, source: concat(replay(path), rest(iterator, fingerprint)), dispose };
      }
    }
    await spool.close();
    spoolOpen = false;
    const identical = fingerprint.finish(hashContext) === applied.contentHash;
    return { identical, source: replay(path), dispose };
  } catch (error) {
    await iterator.return?.();
    await dispose();
    throw error;
  }
}

/** Compares the blocks completed since the last call (`from` on). */
function diverged(fingerprint: ContentFingerprint, applied: AppliedContent, from: number): boolean {
  if (fingerprint.bytes > applied.bytes) return true;
  for (let i = from; i < fingerprint.blocks.length; i++) {
    if (fingerprint.blocks[i] !== applied.blocks[i]) return true;
  }
  return false;
}

async function* replay(path: string): AsyncGenerator<Uint8Array> {
  yield* createReadStream(path, { highWaterMark: 64 * 1024 }) as AsyncIterable<Uint8Array>;
}

async function* rest(
  iterator: AsyncIterator<Uint8Array>,
  fingerprint: ContentFingerprint,
): AsyncGenerator<Uint8Array> {
  try {
    for (;;) {
      const next = await iterator.next();
      if (next.done) return;
      fingerprint.update(next.value);
      yield next.value;
    }
  } finally {
    await iterator.return?.();
  }
}

async function* concat(...sources: AsyncIterable<Uint8Array>[]): AsyncGenerator<Uint8Array> {
  for (const source of sources) yield* source;
}
