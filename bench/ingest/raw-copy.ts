/**
 * The floor the ingest is measured against: the fixture's programmes, already parsed and encoded
 * as COPY text (untimed), streamed with a raw `COPY … FROM STDIN` straight into epg_programs.
 */

import { once } from "node:events";
import { createReadStream, createWriteStream } from "node:fs";
import { pipeline } from "node:stream/promises";
import { parseXmltv } from "@seeyoo/origin/xmltv";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";

const COLUMNS =
  "channel_id, start_time, end_time, title, subtitle, description, categories, season, episode, episode_onscreen, rating, image_url";

/** Writes the COPY text of every programme in `xmlPath` to `copyPath`; returns the row count. */
export async function prepareCopyFile(pool: pg.Pool, xmlPath: string, copyPath: string): Promise<number> {
  const { rows } = await pool.query<{ id: string; slug: string }>("select id, slug from channels");
  const ids = new Map(rows.map((r) => [r.slug, r.id]));
  const out = createWriteStream(copyPath);
  let count = 0;
  for await (const batch of parseXmltv(createReadStream(xmlPath), { languages: ["en"] })) {
    let text = "";
    for (const item of batch) {
      if (item.kind !== "programme") continue;
      const p = item.programme;
      if (!p.stop) continue;
      const cats = `{${p.categories.map((c) => `"${c.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
      text += [
        ids.get(p.channel),
        p.start.toISOString(),
        p.stop.toISOString(),
        esc(p.title),
        esc(p.subtitle),
        esc(p.description),
        esc(cats),
        p.season ?? "\\N",
        p.episode ?? "\\N",
        esc(p.episodeOnscreen),
        esc(p.rating),
        esc(p.image),
      ].join("\t");
      text += "\n";
      count++;
    }
    if (!out.write(text)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return count;
}

/** Times one COPY of `copyPath` into an emptied epg_programs; returns milliseconds. */
export async function timeRawCopy(pool: pg.Pool, copyPath: string): Promise<number> {
  await pool.query("truncate epg_programs");
  const client = await pool.connect();
  try {
    const started = performance.now();
    await pipeline(
      createReadStream(copyPath),
      client.query(copyFrom(`copy epg_programs (${COLUMNS}) from stdin`)),
    );
    return performance.now() - started;
  } finally {
    client.release();
  }
}

function esc(value: string | null): string {
  if (value === null) return "\\N";
  return value.replace(/[\\\n\r\t]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : "\\t",
  );
}
