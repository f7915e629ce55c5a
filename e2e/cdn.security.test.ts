/**
 * The CDN lets through only what the edge signed: the playback URL the API returns works as
 * given, and stops working when its signature is altered or when it is carried over to another
 * channel's folder. Plain fetch from the test, with the URL exactly as the API returned it.
 */
import { afterAll, beforeAll, describe, expect, inject, test } from "vitest";
import { activeChannels, newViewer, nth } from "./support/api-client.ts";

const stack = inject("stack");

describe.skipIf(!stack)("CDN signatures", () => {
  const { edgeUrl, requirements } = stack ?? ({} as NonNullable<typeof stack>);
  let api: Awaited<ReturnType<typeof newViewer>>["api"];
  const sessions: string[] = [];
  let own: URL;
  let other: URL;

  beforeAll(async () => {
    ({ api } = await newViewer(edgeUrl, "cdn"));
    const channels = await activeChannels(edgeUrl);
    const [first, second] = [nth(channels, 0), nth(channels, 1)];
    const grant = async (id: string) => {
      const { data, error } = await api.POST("/v1/channels/{id}/playback", { params: { path: { id } } });
      if (!data) throw new Error(`playback refused: ${JSON.stringify(error)}`);
      sessions.push(data.sessionId);
      return new URL(data.url);
    };
    own = await grant(first.id);
    other = await grant(second.id);
  });

  afterAll(async () => {
    for (const sessionId of sessions) {
      await api.DELETE("/v1/playback/{sessionId}", { params: { path: { sessionId } } });
    }
  });

  // Without ffmpeg there are no test channels to open (the signature checks still run).
  test.skipIf(!requirements?.ffmpeg)(
    "the signed URL as returned opens the channel's master playlist",
    async () => {
      const response = await fetch(own);
      expect(response.status).toBe(200);
      expect(await response.text()).toMatch(/^#EXTM3U/);
    },
  );

  test("a tampered signature is refused with 403", async () => {
    const tampered = new URL(own);
    const signature = tampered.searchParams.get("Signature") ?? "";
    expect(signature.length).toBeGreaterThan(100);
    const flipped = signature[10] === "A" ? "B" : "A";
    tampered.searchParams.set("Signature", `${signature.slice(0, 10)}${flipped}${signature.slice(11)}`);
    expect((await fetch(tampered)).status).toBe(403);
  });

  test("this channel's signature on another channel's path is refused with 403", async () => {
    expect(other.pathname).not.toBe(own.pathname);
    const crossed = new URL(other.pathname + own.search, own);
    expect((await fetch(crossed)).status).toBe(403);
    // The other channel's own grant does open it: the refusal is about the signature's scope.
    if (requirements.ffmpeg) expect((await fetch(other)).status).toBe(200);
  });

  test("the playlist without any signature is refused with 403", async () => {
    expect((await fetch(new URL(own.pathname, own))).status).toBe(403);
  });
});
