import { describe, expect, it } from "vitest";
import { createChannel, edgeFetch } from "../../../test/worker-harness.ts";

describe("GET /v1/channels", () => {
  it("lists active channels by number with ETag and Cache-Control, and answers 304 to If-None-Match", async () => {
    const a = await createChannel({ name: "Alpha" });
    const hidden = await createChannel({ name: "Hidden", active: false });
    const res = await edgeFetch("/v1/channels");
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const etag = res.headers.get("etag");
    expect(etag).toMatch(/^"[0-9a-f]{32}"$/);
    const body = await res.json<{ channels: { id: string; number: number; name: string }[] }>();
    const ids = body.channels.map((c) => c.id);
    expect(ids).toContain(a);
    expect(ids).not.toContain(hidden);
    const numbers = body.channels.map((c) => c.number);
    expect(numbers).toEqual([...numbers].sort((x, y) => x - y));

    const again = await edgeFetch("/v1/channels", { headers: { "if-none-match": etag! } });
    expect(again.status).toBe(304);
  });
});
