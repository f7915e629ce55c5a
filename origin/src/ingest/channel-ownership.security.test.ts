/**
 * Providers own their channels: a post writes only the channels assigned to its provider, mapped
 * through that provider's own ids — never another provider's channel, whatever ids or times it
 * sends.
 */
import { describe, expect, it } from "vitest";
import { gatedBody } from "./testing/gated-body.ts";
import { useIngestKit, waitForOpenIngests } from "./testing/ingest-test-kit.ts";
import { iso, prog, t, tv } from "./testing/xmltv-document.ts";

const kit = useIngestKit();

describe("another provider's channel", () => {
  it("cannot be rewritten with its slug and a 1970–9999 programme: nothing is deleted, the id is reported", async () => {
    const [victim] = (await kit.freshChannels(1)).slugs as [string];
    const owner = await kit.createProvider("Owner", [victim]);
    const rogue = await kit.createProvider("Rogue");
    const schedule = tv(
      [prog(victim, "10:00", "11:00", "News"), prog(victim, "11:00", "12:00", "Film")].join("\n"),
    );
    expect((await kit.postXmltv(owner.apiKey, schedule)).status).toBe(200);
    const before = await kit.fullTable("epg_programs");

    const res = await kit.postJson(rogue.apiKey, {
      programmes: [
        { channel: victim, start: "1970-01-01T00:00:00Z", stop: "9999-12-31T23:59:59Z", title: "Wipe" },
      ],
    });
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({
      channels: { notAssigned: [victim], notAssignedCount: 1, changed: 0 },
      programmes: { received: 1, inserted: 0, deleted: 0, trimmed: 0, rejected: 1 },
      rejectedByReason: { not_assigned: 1 },
    });
    expect(report.warnings).toEqual([
      expect.objectContaining({ code: "not_assigned", path: "programmes.0" }),
    ]);
    expect(await kit.fullTable("epg_programs")).toEqual(before);

    // The same through XMLTV, with the channel declared too.
    const xml = tv(
      `<channel id="${victim}"><display-name>Mine now</display-name></channel>\n` +
        `<programme start="19700101000000 +0000" stop="99991231235959 +0000" channel="${victim}"><title>Wipe</title></programme>`,
    );
    const viaXml = await (await kit.postXmltv(rogue.apiKey, xml)).json();
    expect(viaXml).toMatchObject({
      channels: { notAssigned: [victim] },
      programmes: { deleted: 0, inserted: 0 },
    });
    expect(await kit.fullTable("epg_programs")).toEqual(before);
  });
});

describe("the provider's own ids", () => {
  it("maps ids through the posting provider's assignments only", async () => {
    const [erste, zdf] = (await kit.freshChannels(2)).slugs as [string, string];
    const [p1, p2] = [await kit.createProvider("One"), await kit.createProvider("Two")];
    // Both providers call their channel "DasErste.de"; each means a different channel of ours.
    await kit.assign(p1.id, erste, "DasErste.de");
    await kit.assign(p2.id, zdf, "DasErste.de");
    const long = `CNN.us@HD ${"&amp;".repeat(1)}${"z".repeat(245)}`;
    const longDecoded = `CNN.us@HD &${"z".repeat(245)}`;
    expect(longDecoded).toHaveLength(256);

    const doc = (title: string) =>
      tv(
        [
          `<programme start="${t("20:00")}" stop="${t("21:00")}" channel="DasErste.de"><title>${title}</title></programme>`,
          // Our slug is not the provider's id: not assigned, even though the provider holds the channel.
          prog(erste, "21:00", "22:00", "By slug"),
        ].join("\n"),
      );
    const r1 = await (await kit.postXmltv(p1.apiKey, doc("Tagesschau"))).json();
    expect(r1).toMatchObject({
      channels: { notAssigned: [erste], changed: 1 },
      programmes: { inserted: 1, rejected: 1 },
    });
    const r2 = await (await kit.postXmltv(p2.apiKey, doc("Heute"))).json();
    expect(r2).toMatchObject({ programmes: { inserted: 1, rejected: 1 } });
    expect(await kit.scheduleOf(erste)).toEqual(["20:00-21:00 Tagesschau"]);
    expect(await kit.scheduleOf(zdf)).toEqual(["20:00-21:00 Heute"]);

    // An id of 256 characters with an entity in it, as XMLTV may write it.
    const [cnn] = (await kit.freshChannels(1)).slugs as [string];
    await kit.assign(p1.id, cnn, longDecoded);
    const viaLong = await kit.postXmltv(
      p1.apiKey,
      tv(
        `<programme start="${t("06:00")}" stop="${t("07:00")}" channel="${long}"><title>Early</title></programme>`,
      ),
    );
    expect((await viaLong.json()).programmes).toMatchObject({ inserted: 1, rejected: 0 });
    expect(await kit.scheduleOf(cnn)).toEqual(["06:00-07:00 Early"]);
  });

  it("writes nothing for a channel unassigned while its post was uploading (409), and records the run", async () => {
    const [ch] = (await kit.freshChannels(1)).slugs as [string];
    const p = await kit.createProvider("Half-way", [ch]);
    expect((await kit.postXmltv(p.apiKey, tv(prog(ch, "08:00", "09:00", "Before")))).status).toBe(200);
    const before = await kit.fullTable("epg_programs");

    const gate = gatedBody(
      tv(
        Array.from({ length: 40 }, (_, i) =>
          prog(ch, `1${Math.floor(i / 4)}:${(i % 4) * 15 || "00"}`, null, `P${i}`),
        ).join("\n"),
      ),
    );
    const pending = kit.postXmltv(p.apiKey, gate.stream);
    await waitForOpenIngests(kit, 1);
    await kit.unassign(p.id, ch);
    gate.release();
    const res = await pending;
    expect(res.status).toBe(409);
    expect((await res.json()).type).toBe("https://seeyoo.tv/problems/conflict");
    expect(await kit.fullTable("epg_programs")).toEqual(before);
    const { rows } = await kit.origin.services.pool.query(
      "select status from ingest_runs where provider_id = $1 order by started_at desc limit 1",
      [p.id],
    );
    expect(rows[0]?.status).toBe("rejected");
  });

  it("refuses a JSON channel id with a lone surrogate or a NUL with 400, never a 500 when the report is saved", async () => {
    const p = await kit.createProvider("Odd ids");
    for (const channel of ["\ud800", "bad\u0000id", "x".repeat(257)]) {
      const res = await kit.postJson(p.apiKey, {
        programmes: [{ channel, start: iso("10:00"), stop: iso("11:00"), title: "X" }],
      });
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({
        type: "https://seeyoo.tv/problems/validation",
        path: "programmes.0.channel",
        runId: expect.any(String),
      });
    }
    const { rows } = await kit.origin.services.pool.query(
      "select status from ingest_runs where provider_id = $1",
      [p.id],
    );
    expect(rows.map((r) => r.status)).toEqual(["rejected", "rejected", "rejected"]);
  });

  it("reports a half-megabyte id that is not assigned shortened, once, without storing it whole", async () => {
    const p = await kit.createProvider("Long ids");
    const huge = `${"y".repeat(255)}😀${"y".repeat(512 * 1024)}`;
    const res = await kit.postXmltv(p.apiKey, tv(prog(huge, "10:00", "11:00", "X")));
    expect(res.status).toBe(200);
    const report = await res.json();
    // Cut before the emoji's surrogate pair rather than through it.
    expect(report.channels.notAssigned).toEqual([`${"y".repeat(255)}…`]);
    expect(JSON.stringify(report).length).toBeLessThan(4096);
  });
});
