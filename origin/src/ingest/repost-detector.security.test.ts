/**
 * The re-post spool is capped by the upload limit on its own: however long the stream it is
 * handed keeps matching the applied content, it never writes more than the limit to disk.
 */
import { ProblemError } from "@seeyoo/schema/wire";
import { describe, expect, it } from "vitest";
import { ContentFingerprint, FINGERPRINT_BLOCK_BYTES } from "./content-fingerprint.ts";
import { checkRepost } from "./repost-detector.ts";

const BLOCK = new Uint8Array(FINGERPRINT_BLOCK_BYTES).fill(0x20);

async function* blocks(n: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < n; i++) yield BLOCK;
}

describe("checkRepost", () => {
  it("refuses with 413 once the spool would pass the limit, even while the bytes still match", async () => {
    // What was applied: eight identical blocks (say, under a larger limit than today's).
    const applied = new ContentFingerprint();
    for (let i = 0; i < 8; i++) applied.update(BLOCK);
    const context = "xmltv\nen";
    const appliedContent = {
      contentHash: applied.finish(context),
      bytes: applied.bytes,
      blocks: applied.blocks,
    };

    const error = await checkRepost(
      blocks(8),
      new ContentFingerprint(),
      appliedContent,
      context,
      3 * BLOCK.length,
    ).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(ProblemError);
    expect((error as ProblemError).status).toBe(413);

    // Within the limit it is the re-post it always was.
    const same = await checkRepost(
      blocks(8),
      new ContentFingerprint(),
      appliedContent,
      context,
      8 * BLOCK.length,
    );
    expect(same.identical).toBe(true);
    await same.dispose();
  });
});
