/**
 * Fingerprints the (decompressed) upload as it streams past: a SHA-256 per 1 MiB block, and a
 * content hash over the block hashes plus what else decides the outcome (format, language
 * preference). Block hashes let a re-post be recognised — or ruled out — long before its end.
 */
import { createHash, type Hash } from "node:crypto";

export const FINGERPRINT_BLOCK_BYTES = 1 << 20;

/** 128 bits per block is plenty: a block only decides whether to keep comparing. */
const BLOCK_DIGEST_HEX = 32;

export class ContentFingerprint {
  readonly blocks: string[] = [];
  bytes = 0;
  #block: Hash = createHash("sha256");
  #inBlock = 0;
  #contentHash: string | null = null;

  /** Passes `source` through unchanged while hashing it. */
  async *tap(source: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    for await (const chunk of source) {
      this.update(chunk);
      yield chunk;
    }
  }

  update(chunk: Uint8Array): void {
    this.bytes += chunk.byteLength;
    let offset = 0;
    while (offset < chunk.byteLength) {
      const take = Math.min(FINGERPRINT_BLOCK_BYTES - this.#inBlock, chunk.byteLength - offset);
      this.#block.update(chunk.subarray(offset, offset + take));
      this.#inBlock += take;
      offset += take;
      if (this.#inBlock === FINGERPRINT_BLOCK_BYTES) this.#closeBlock();
    }
  }

  /** The content hash; closes the last partial block. Call once the upload has been read whole. */
  finish(context: string): string {
    if (this.#contentHash === null) {
      if (this.#inBlock > 0) this.#closeBlock();
      const hash = createHash("sha256").update(`${context}\n${this.bytes}\n`);
      for (const block of this.blocks) hash.update(block);
      this.#contentHash = hash.digest("hex");
    }
    return this.#contentHash;
  }

  #closeBlock(): void {
    this.blocks.push(this.#block.digest("hex").slice(0, BLOCK_DIGEST_HEX));
    this.#block = createHash("sha256");
    this.#inBlock = 0;
  }
}
