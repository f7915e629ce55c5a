import { describe, expect, it } from "vitest";
import { createChannel, createProgrammes, edgeFetch } from "../../../test/worker-harness.ts";

// Yesterday (UTC), inside the guide's range; instants are explicit so "now" never interferes.
const DAY = new Date(Date.now() - 86_400_000).toISOString().slice(0, 10);
const NEXT_DAY = new Date(Date.now()).toISOString().slice(0, 10);
const T = (hhmm: string) => `${DAY}T${hhmm}:00.000Z`;

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

  it("answers for exactly the instant asked, to the second, also when next lies in a later block", async () => {
    const ch = await createChannel();
    await createProgrammes(ch, [
      { start: T("12:00"), end: `${DAY}T13:00:30.000Z`, title: "Short news" },
      { start: `${DAY}T13:00:30.000Z`, end: T("14:00"), title: "Magazine" },
      { start: T("19:00"), end: T("20:00"), title: "Evening film" }, // after the 12:00–18:00 block
    ]);
    const at = async (instant: string) =>
      (await (await edgeFetch(`/v1/epg/now?at=${instant}`)).json<NowNext>()).channels.find(
        (c) => c.channelId === ch,
      );
    expect(await at(`${DAY}T13:00:15.000Z`)).toMatchObject({
      now: { title: "Short news" },
      next: { title: "Magazine" },
    });
    expect(await at(`${DAY}T13:00:30.000Z`)).toMatchObject({
      now: { title: "Magazine" },
      next: { title: "Evening film" },
    });
    expect(await at(T("15:00"))).toMatchObject({ now: null, next: { title: "Evening film" } });
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

describe("GET /v1/channels/:id/epg over several days", () => {
  it("lists a programme crossing midnight once, with exactly the window asked for", async () => {
    const ch = await createChannel();
    await createProgrammes(ch, [
      { start: T("22:00"), end: `${NEXT_DAY}T02:00:00.000Z`, title: "Night film" },
      { start: `${NEXT_DAY}T02:00:00.000Z`, end: `${NEXT_DAY}T03:00:00.000Z`, title: "Late show" },
      { start: `${NEXT_DAY}T05:00:00.000Z`, end: `${NEXT_DAY}T06:00:00.000Z`, title: "Outside" },
    ]);
    const from = T("21:17");
    const to = `${NEXT_DAY}T04:44:00.000Z`;
    const body = await (await edgeFetch(`/v1/channels/${ch}/epg?from=${from}&to=${to}`)).json<{
      from: string;
      to: string;
      programmes: { title: string }[];
    }>();
    expect({ from: body.from, to: body.to }).toEqual({ from, to });
    expect(body.programmes.map((p) => p.title)).toEqual(["Night film", "Late show"]);
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

  it("gives exactly the requested window, not the cached blocks around it", async () => {
    const ch = await createChannel();
    await createProgrammes(ch, [
      { start: T("12:05"), end: T("12:50"), title: "Before the window" }, // same 6-hour block
      { start: T("12:50"), end: T("13:20"), title: "Inside" },
      { start: T("13:55"), end: T("17:00"), title: "After the window" },
    ]);
    const from = `${DAY}T12:50:00.001Z`;
    const to = `${DAY}T13:55:00.000Z`;
    const res = await edgeFetch(`/v1/epg?from=${from}&to=${to}&channels=${ch}`);
    const body = await res.json<{
      from: string;
      to: string;
      channels: { programmes: { title: string }[] }[];
    }>();
    expect({ from: body.from, to: body.to }).toEqual({ from, to });
    expect(body.channels[0]?.programmes.map((p) => p.title)).toEqual(["Inside"]);
  });
});
