import { describe, expect, it } from "vitest";
import { createChannel, createProgrammes, edgeFetch } from "../../../test/worker-harness.ts";

// A fixed day far in the past, so that "now" never interferes: instants are explicit.
const T = (hhmm: string) => `2024-03-10T${hhmm}:00.000Z`;

type NowNext = {
  at: string;
  channels: { channelId: string; now: { title: string } | null; next: { title: string } | null }[];
};

describe("GET /v1/epg/now", () => {
  it("gives the current and next programme per channel at the given instant, half-open intervals", async () => {
    const ch = await createChannel();
    const empty = await createChannel();
    await createProgrammes(ch, [
      { start: T("18:00"), end: T("19:00"), title: "News" },
      { start: T("19:00"), end: T("20:15"), title: "Film" },
      { start: T("20:15"), end: T("21:00"), title: "Talk" },
    ]);

    const at1900 = await (await edgeFetch(`/v1/epg/now?at=${T("19:00")}`)).json<NowNext>();
    expect(at1900.at).toBe(T("19:00"));
    const entry = at1900.channels.find((c) => c.channelId === ch)!;
    // 19:00 belongs to Film (start inclusive), not to News (end exclusive).
    expect(entry.now?.title).toBe("Film");
    expect(entry.next?.title).toBe("Talk");
    expect(at1900.channels.find((c) => c.channelId === empty)).toEqual({
      channelId: empty,
      now: null,
      next: null,
    });

    const before = await (await edgeFetch(`/v1/epg/now?at=${T("17:30")}`)).json<NowNext>();
    expect(before.channels.find((c) => c.channelId === ch)).toMatchObject({
      now: null,
      next: { title: "News" },
    });
  });

  it("carries ETag and Cache-Control and answers 304 to a matching If-None-Match", async () => {
    const res = await edgeFetch(`/v1/epg/now?at=${T("12:00")}`);
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toMatch(/max-age=\d+/);
    const etag = res.headers.get("etag")!;
    expect(
      (await edgeFetch(`/v1/epg/now?at=${T("12:00")}`, { headers: { "if-none-match": etag } })).status,
    ).toBe(304);
  });

  it("defaults to now", async () => {
    const res = await edgeFetch("/v1/epg/now");
    const body = await res.json<NowNext>();
    expect(Math.abs(Date.parse(body.at) - Date.now())).toBeLessThan(61_000);
  });
});

describe("GET /v1/channels/:id/epg", () => {
  it("lists the programmes overlapping the window in order, with full fields", async () => {
    const ch = await createChannel();
    const [, film] = await createProgrammes(ch, [
      { start: T("06:00"), end: T("07:00"), title: "Morning" },
      { start: T("07:00"), end: T("09:30"), title: "Film", categories: ["Movie", "Drama"] },
      { start: T("09:30"), end: T("10:00"), title: "Later" },
    ]);
    const res = await edgeFetch(`/v1/channels/${ch}/epg?from=${T("06:30")}&to=${T("09:30")}`);
    expect(res.status).toBe(200);
    const body = await res.json<{ channelId: string; from: string; to: string; programmes: unknown[] }>();
    expect(body).toMatchObject({ channelId: ch, from: T("06:30"), to: T("09:30") });
    expect(body.programmes).toEqual([
      expect.objectContaining({ title: "Morning", start: T("06:00"), end: T("07:00") }),
      {
        id: film,
        start: T("07:00"),
        end: T("09:30"),
        title: "Film",
        subtitle: null,
        description: null,
        categories: ["Movie", "Drama"],
        season: null,
        episode: null,
        episodeOnscreen: null,
        rating: null,
        imageUrl: null,
      },
    ]);
  });
});

describe("GET /v1/epg (grid)", () => {
  it("returns the named channels in the requested order over the window", async () => {
    const a = await createChannel();
    const b = await createChannel();
    await createProgrammes(a, [{ start: T("10:00"), end: T("11:00"), title: "A1" }]);
    await createProgrammes(b, [
      { start: T("09:00"), end: T("10:30"), title: "B1" },
      { start: T("13:00"), end: T("14:00"), title: "B2" },
    ]);
    const res = await edgeFetch(`/v1/epg?from=${T("10:00")}&to=${T("12:00")}&channels=${b},${a}`);
    expect(res.status).toBe(200);
    const body = await res.json<{ channels: { channelId: string; programmes: { title: string }[] }[] }>();
    expect(body.channels.map((c) => [c.channelId, c.programmes.map((p) => p.title)])).toEqual([
      [b, ["B1"]],
      [a, ["A1"]],
    ]);
  });
});
