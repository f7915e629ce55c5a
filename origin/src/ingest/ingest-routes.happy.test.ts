import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { gatedBody } from "./testing/gated-body.ts";
import { useIngestKit, waitForOpenIngests } from "./testing/ingest-test-kit.ts";
import { FIXTURE_DAY, iso, prog, programmes, t, tv } from "./testing/xmltv-document.ts";

// German first: the language rule is visible in the stored titles.
const kit = useIngestKit({ EPG_LANGUAGES: "de,en" });

describe("XMLTV ingestion", () => {
  it("stores the programmes of known channels, picks the preferred language and reports unknown channels", async () => {
    const { slugs } = await kit.freshChannels(2);
    const [a, b] = slugs as [string, string];
    const provider = await kit.createProvider("Gracenote", [a, b]);
    const xml = tv(
      [
        `<channel id="${a}"><display-name>A</display-name></channel>`,
        `<channel id="nowhere.test"><display-name>Unknown</display-name></channel>`,
        `<programme start="${t("20:00")}" stop="${t("21:00")}" channel="${a}">` +
          `<title lang="en">News</title><title lang="de">Nachrichten</title>` +
          `<sub-title lang="en">Evening</sub-title><desc lang="en">Today &amp; tomorrow</desc>` +
          `<category lang="en">News</category><category lang="en">Current affairs</category>` +
          `<episode-num system="xmltv_ns">1.4.0/1</episode-num><episode-num system="onscreen">S02E05</episode-num>` +
          `<rating system="FSK"><value>12</value></rating><icon src="https://img.test/n.jpg" /></programme>`,
        prog(a, "21:00", "22:00", "Film"),
        prog(b, "20:00", "20:30", "Kids"),
        prog("nowhere.test", "20:00", "21:00", "Lost"),
        prog("nowhere.test", "21:00", "22:00", "Lost again"),
      ].join("\n"),
    );
    const res = await kit.postXmltv(provider.apiKey, xml, {
      "content-type": "text/xml; charset=utf-8",
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({
      status: "succeeded",
      format: "xmltv",
      unchanged: false,
      channels: { seen: 3, notAssigned: ["nowhere.test"], notAssignedCount: 1, changed: 2 },
      programmes: { received: 5, inserted: 3, updated: 0, deleted: 0, trimmed: 0, unchanged: 0, rejected: 2 },
      rejectedByReason: { not_assigned: 2 },
    });
    // One warning per channel id not assigned, located at its first programme (line 8 of the document).
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: "not_assigned", element: "programme", line: 8 }),
    ]);

    expect(await kit.scheduleOf(a)).toEqual(["20:00-21:00 Nachrichten", "21:00-22:00 Film"]);
    expect(await kit.scheduleOf(b)).toEqual(["20:00-20:30 Kids"]);
    const { rows } = await kit.origin.services.pool.query(
      "select subtitle, description, categories, season, episode, episode_onscreen, rating, image_url, provider_id from epg_programs where title = 'Nachrichten'",
    );
    expect(rows).toEqual([
      {
        subtitle: "Evening",
        description: "Today & tomorrow",
        categories: ["News", "Current affairs"],
        season: 2,
        episode: 5,
        episode_onscreen: "S02E05",
        rating: "12",
        image_url: "https://img.test/n.jpg",
        provider_id: provider.id,
      },
    ]);
  });

  it("takes a missing stop from the next programme's start and skips the last one without a stop", async () => {
    const { slugs } = await kit.freshChannels(1);
    const [a] = slugs as [string];
    const provider = await kit.createProvider("Provider", [a]);
    // Out of document order on purpose: "next" means next by start time on the channel.
    const xml = tv(
      [
        prog(a, "06:00", null, "Breakfast"),
        prog(a, "09:00", null, "Last without stop"),
        prog(a, "07:30", "08:00", "Bulletin"),
      ].join("\n"),
    );
    const res = await kit.postXmltv(provider.apiKey, xml);
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report.programmes).toMatchObject({ received: 3, inserted: 2, rejected: 1 });
    expect(report.rejectedByReason).toEqual({ missing_stop: 1 });
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: "missing_stop", element: "programme", line: 4 }),
    ]);
    expect(await kit.scheduleOf(a)).toEqual(["06:00-07:30 Breakfast", "07:30-08:00 Bulletin"]);
  });

  it("resolves overlaps and duplicates by the documented rule and rejects zero-length and inverted programmes", async () => {
    const { slugs } = await kit.freshChannels(1);
    const [a] = slugs as [string];
    const provider = await kit.createProvider("Provider", [a]);
    const xml = tv(
      [
        prog(a, "10:00", "11:00", "A"), // line 3: kept
        prog(a, "10:00", "11:00", "A"), // line 4: exact duplicate, collapses
        prog(a, "10:30", "11:30", "B"), // line 5: starts inside A, ends later: starts at 11:00
        prog(a, "10:45", "11:15", "C"), // line 6: inside A+B (which end at 11:30): dropped
        prog(a, "12:00", "12:00", "Zero"), // line 7: zero length
        prog(a, "13:00", "12:30", "Inverted"), // line 8: stops before it starts
        prog(a, "12:00", "13:00", "F"), // line 9: kept
      ].join("\n"),
    );
    const report = await (await kit.postXmltv(provider.apiKey, xml)).json();
    expect(await kit.scheduleOf(a)).toEqual(["10:00-11:00 A", "11:00-11:30 B", "12:00-13:00 F"]);
    expect(report.programmes).toMatchObject({ received: 7, inserted: 3, rejected: 4 });
    expect(report.rejectedByReason).toEqual({
      duplicate: 1,
      overlap_contained: 1,
      zero_length: 1,
      inverted: 1,
    });
    const byCode = Object.fromEntries(
      report.warnings.map((w: { code: string; line: number }) => [w.code, w.line]),
    );
    expect(byCode).toEqual({
      zero_length: 7,
      inverted: 8,
      duplicate: 4,
      overlap_trimmed: 5,
      overlap_contained: 6,
    });
  });

  it("reads named zones and rejects impossible or out-of-range times with their lines instead of normalising them", async () => {
    const { slugs } = await kit.freshChannels(1);
    const [a] = slugs as [string];
    const provider = await kit.createProvider("Provider", [a]);
    const programme = (start: string, stop: string, title: string) =>
      `<programme start="${start}" stop="${stop}" channel="${a}"><title>${title}</title></programme>`;
    const day = FIXTURE_DAY.replaceAll("-", "");
    const xml = tv(
      [
        programme("20260231120000 +0000", "20260231130000 +0000", "31 February"), // line 3
        programme("00500101", "00500102", "Year 0050"), // line 4
        programme(`${day}250000 +0000`, `${day}260000 +0000`, "Hour 25"), // line 5
        programme(`${day}110000 CET`, `${day}120000 CET`, "Zone name"), // line 6
      ].join("\n"),
    );
    const report = await (await kit.postXmltv(provider.apiKey, xml)).json();
    expect(report.programmes).toMatchObject({ received: 4, inserted: 1, rejected: 3 });
    expect(report.rejectedByReason).toEqual({ bad_start: 3 });
    expect(report.warnings.map((w: { code: string; line: number }) => [w.code, w.line])).toEqual([
      ["bad_start", 3],
      ["bad_start", 4],
      ["bad_start", 5],
    ]);
    expect(await kit.scheduleOf(a)).toEqual(["10:00-11:00 Zone name"]);
  });

  it("replaces the window a post covers, trims programmes across its edges and updates same-slot programmes in place", async () => {
    const { slugs, ids } = await kit.freshChannels(2);
    const [a, other] = slugs as [string, string];
    const provider = await kit.createProvider("Provider", [a, other]);
    const first = tv(
      [
        programmes(a, [
          "08:00-09:00 Old1",
          "09:00-10:00 Old2",
          "10:00-11:00 Old3",
          "11:00-11:30 Old4a",
          "11:30-12:00 Old4b",
          "12:00-12:30 Old5",
          "12:30-13:30 Old6",
        ]),
        programmes(other, ["08:00-09:00 Elsewhere"]),
      ].join("\n"),
    );
    expect((await kit.postXmltv(provider.apiKey, first)).status).toBe(200);
    const idOf = async (title: string) =>
      (await kit.origin.services.pool.query("select id from epg_programs where title = $1", [title])).rows[0]
        ?.id;
    const [old3, old5] = [await idOf("Old3"), await idOf("Old5")];
    const before = await kit.versions(ids);

    // Window 09:30–13:00.
    const second = tv(
      programmes(a, [
        "09:30-10:00 New1",
        "10:00-11:00 Old3 (v2)",
        "11:00-12:00 Merged",
        "12:00-12:30 Old5",
        "12:30-13:00 New2",
      ]),
    );
    const report = await (await kit.postXmltv(provider.apiKey, second)).json();
    expect(report.programmes).toEqual({
      received: 5,
      inserted: 3,
      updated: 1,
      deleted: 2,
      trimmed: 2,
      unchanged: 1,
      rejected: 0,
    });
    expect(report.channels.changed).toBe(1);
    expect(await kit.scheduleOf(a)).toEqual([
      "08:00-09:00 Old1",
      "09:00-09:30 Old2",
      "09:30-10:00 New1",
      "10:00-11:00 Old3 (v2)",
      "11:00-12:00 Merged",
      "12:00-12:30 Old5",
      "12:30-13:00 New2",
      "13:00-13:30 Old6",
    ]);
    expect(await kit.scheduleOf(other)).toEqual(["08:00-09:00 Elsewhere"]);
    expect(await idOf("Old3 (v2)")).toBe(old3);
    expect(await idOf("Old5")).toBe(old5);

    // Exactly the changed channel's version moved (and the cross-channel epg version).
    const after = await kit.versions(ids);
    expect(after.channels).toEqual([(before.channels[0] ?? 0) + 1, before.channels[1]]);
    expect(after.epg).toBe(before.epg + 1);
  });

  it("answers a byte-identical re-post with unchanged: true and writes nothing, compressed or not", async () => {
    const { slugs, ids } = await kit.freshChannels(2);
    const provider = await kit.createProvider("Provider", slugs);
    const xml = tv(slugs.map((s, i) => prog(s, `1${i}:00`, `1${i}:45`, `Show ${i}`)).join("\n"));
    const first = await (await kit.postXmltv(provider.apiKey, xml)).json();
    expect(first.programmes.inserted).toBe(2);
    expect(await kit.versions(ids)).toMatchObject({ channels: [1, 1] });
    const programmesBefore = await kit.fullTable("epg_programs");
    const epgBefore = (await kit.versions(ids)).epg;

    const again = await kit.postXmltv(provider.apiKey, xml);
    expect(again.status).toBe(200);
    const report = await again.json();
    expect(report).toMatchObject({
      status: "unchanged",
      unchanged: true,
      contentHash: first.contentHash,
      programmes: { received: 0, inserted: 0, updated: 0, deleted: 0, rejected: 0 },
    });
    const gz = await kit.postXmltv(provider.apiKey, gzipSync(xml), { "content-encoding": "gzip" });
    expect(await gz.json()).toMatchObject({ status: "unchanged", contentHash: first.contentHash });

    expect(await kit.fullTable("epg_programs")).toEqual(programmesBefore);
    expect(await kit.versions(ids)).toEqual({ epg: epgBefore, channels: [1, 1] });
    const runs = await kit.origin.services.pool.query(
      "select status from ingest_runs where provider_id = $1 order by started_at",
      [provider.id],
    );
    expect(runs.rows.map((r) => r.status)).toEqual(["succeeded", "unchanged", "unchanged"]);
  });

  it("applies a re-post again once another provider has written since, changing nothing that is equal", async () => {
    const { slugs } = await kit.freshChannels(1);
    const [a] = slugs as [string];
    const first = await kit.createProvider("First", [a]);
    const second = await kit.createProvider("Second");
    const mine = tv([prog(a, "10:00", "11:00", "Mine"), prog(a, "11:00", "12:00", "Mine too")].join("\n"));
    await kit.postXmltv(first.apiKey, mine);
    // The channel changes hands and comes back: the same assignment as before, but not the same schedule.
    await kit.unassign(first.id, a);
    await kit.assign(second.id, a);
    await kit.postXmltv(second.apiKey, tv(prog(a, "11:00", "12:00", "Theirs")));
    expect(await kit.scheduleOf(a)).toEqual(["10:00-11:00 Mine", "11:00-12:00 Theirs"]);
    await kit.unassign(second.id, a);
    await kit.assign(first.id, a);

    const report = await (await kit.postXmltv(first.apiKey, mine)).json();
    expect(report).toMatchObject({
      status: "succeeded",
      programmes: { updated: 1, unchanged: 1, inserted: 0 },
    });
    expect(await kit.scheduleOf(a)).toEqual(["10:00-11:00 Mine", "11:00-12:00 Mine too"]);
  });

  it("applies a re-post again once a channel it names has been assigned to the provider", async () => {
    const { slugs } = await kit.freshChannels(2);
    const [a, later] = slugs as [string, string];
    const provider = await kit.createProvider("Provider", [a]);
    const xml = tv([prog(a, "15:00", "16:00", "Known"), prog(later, "15:00", "16:00", "Not yet")].join("\n"));
    const first = await (await kit.postXmltv(provider.apiKey, xml)).json();
    expect(first.rejectedByReason).toEqual({ not_assigned: 1 });

    await kit.assign(provider.id, later);
    const again = await (await kit.postXmltv(provider.apiKey, xml)).json();
    expect(again).toMatchObject({
      status: "succeeded",
      programmes: { inserted: 1, unchanged: 1, rejected: 0 },
      channels: { changed: 1, notAssigned: [] },
    });
    // The same bytes under other assignments are other content.
    expect(again.contentHash).not.toBe(first.contentHash);
    expect(await kit.scheduleOf(later)).toEqual(["15:00-16:00 Not yet"]);
  });

  it("accepts a gzip-compressed upload", async () => {
    const { slugs } = await kit.freshChannels(1);
    const [a] = slugs as [string];
    const provider = await kit.createProvider("Provider", [a]);
    const xml = tv(
      [prog(a, "18:00", "18:30", "Zipped"), prog(a, "18:30", "19:00", "Also zipped")].join("\n"),
    );
    const res = await kit.postXmltv(provider.apiKey, gzipSync(xml), { "content-encoding": "gzip" });
    expect(res.status).toBe(200);
    expect((await res.json()).bytes).toBe(Buffer.byteLength(xml));
    expect(await kit.scheduleOf(a)).toEqual(["18:00-18:30 Zipped", "18:30-19:00 Also zipped"]);
  });
});

describe("JSON ingestion", () => {
  it("stores a JSON schedule with every field and applies the same rules", async () => {
    const { slugs } = await kit.freshChannels(1);
    const [a] = slugs as [string];
    const provider = await kit.createProvider("Provider", [a]);
    const res = await kit.postJson(provider.apiKey, {
      channels: [{ id: a, displayName: "A" }, { id: "ghost.test" }],
      programmes: [
        {
          channel: a,
          start: iso("07:00"),
          stop: iso("08:00"),
          title: "Morning",
          subtitle: "Part 1",
          description: 'Line one\nline two\twith tab \\ and "quotes"',
          categories: ["Magazine", 'With "quotes", commas'],
          season: 3,
          episode: 7,
          episodeOnscreen: "S03E07",
          rating: "6",
          image: "https://img.test/m.jpg",
        },
        { channel: a, start: iso("08:00"), stop: iso("08:00"), title: "Zero" },
        { channel: a, start: `${FIXTURE_DAY}T09:00:00+01:00`, stop: iso("09:00"), title: "Offset" },
        { channel: "ghost.test", start: iso("07:00"), stop: iso("08:00"), title: "Ghost" },
      ],
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({
      status: "succeeded",
      format: "json",
      channels: { seen: 2, notAssigned: ["ghost.test"], notAssignedCount: 1 },
      programmes: { received: 4, inserted: 2, rejected: 2 },
      rejectedByReason: { zero_length: 1, not_assigned: 1 },
    });
    expect(report.warnings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ code: "zero_length", path: "programmes.1" }),
        expect.objectContaining({ code: "not_assigned", path: "programmes.3" }),
      ]),
    );
    expect(await kit.scheduleOf(a)).toEqual(["07:00-08:00 Morning", "08:00-09:00 Offset"]);
    const { rows } = await kit.origin.services.pool.query(
      "select description, categories, season, episode from epg_programs where title = 'Morning'",
    );
    expect(rows).toEqual([
      {
        description: 'Line one\nline two\twith tab \\ and "quotes"',
        categories: ["Magazine", 'With "quotes", commas'],
        season: 3,
        episode: 7,
      },
    ]);
  });
});

describe("concurrent posts", () => {
  it("ingests two providers' posts side by side, each into its own channels", async () => {
    const { slugs } = await kit.freshChannels(2);
    const [a, b] = slugs as [string, string];
    const [p1, p2] = [await kit.createProvider("P1", [a]), await kit.createProvider("P2", [b])];
    const slots = (channel: string, label: string) =>
      Array.from({ length: 40 }, (_, i) => {
        const m = 6 * 60 + i * 15;
        const hm = (x: number) =>
          `${String(Math.floor(x / 60)).padStart(2, "0")}:${String(x % 60).padStart(2, "0")}`;
        return prog(channel, hm(m), hm(m + 15), `${label}${i}`);
      }).join("\n");
    // Both uploads stream their first half, so both transactions are open and staging at once.
    const [gateA, gateB] = [gatedBody(tv(slots(a, "A"))), gatedBody(tv(slots(b, "B")))];
    const pending = [kit.postXmltv(p1.apiKey, gateA.stream), kit.postXmltv(p2.apiKey, gateB.stream)];
    await waitForOpenIngests(kit, 2);
    gateA.release();
    gateB.release();
    const [ra, rb] = await Promise.all(pending);
    expect([ra?.status, rb?.status]).toEqual([200, 200]);
    expect(await kit.scheduleOf(a)).toHaveLength(40);
    expect(await kit.scheduleOf(b)).toHaveLength(40);
  });
});

describe("admin ingest runs", () => {
  it("lists runs newest first, filters by provider, bounds the limit and shows one run's full report", async () => {
    const { slugs } = await kit.freshChannels(1);
    const [a] = slugs as [string];
    const provider = await kit.createProvider("Listed", [a]);
    const r1 = await (await kit.postXmltv(provider.apiKey, tv(prog(a, "01:00", "02:00", "One")))).json();
    const r2 = await (await kit.postXmltv(provider.apiKey, tv(prog(a, "02:00", "03:00", "Two")))).json();

    const list = await kit.origin.request("GET", `/v1/admin/ingest-runs?providerId=${provider.id}`, {
      token: kit.adminToken,
    });
    expect(list.status).toBe(200);
    const { runs } = await list.json();
    expect(runs.map((r: { id: string }) => r.id)).toEqual([r2.runId, r1.runId]);
    expect(runs[0]).toMatchObject({ providerId: provider.id, status: "succeeded", programmesInserted: 1 });

    const limited = await (
      await kit.origin.request("GET", "/v1/admin/ingest-runs?limit=1", { token: kit.adminToken })
    ).json();
    expect(limited.runs).toHaveLength(1);
    const tooMany = await kit.origin.request("GET", "/v1/admin/ingest-runs?limit=1000", {
      token: kit.adminToken,
    });
    expect(tooMany.status).toBe(400);

    const one = await (
      await kit.origin.request("GET", `/v1/admin/ingest-runs/${r1.runId}`, { token: kit.adminToken })
    ).json();
    expect(one.report).toEqual(r1);
    const missing = await kit.origin.request(
      "GET",
      "/v1/admin/ingest-runs/7f0c1a8e-0000-4000-8000-000000000000",
      {
        token: kit.adminToken,
      },
    );
    expect(missing.status).toBe(404);
  });

  it("counts runs, written programmes and durations in the metrics", async () => {
    const text = await kit.origin.services.metrics.registry.metrics();
    expect(text).toMatch(/ingest_runs_total\{outcome="succeeded"\} [1-9]/);
    expect(text).toMatch(/ingest_runs_total\{outcome="unchanged"\} [1-9]/);
    expect(text).toMatch(/ingest_programmes_written_total [1-9]/);
    expect(text).toMatch(/ingest_duration_seconds_count [1-9]/);
  });
});
