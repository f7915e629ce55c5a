/**
 * The transaction's staging table: programmes are COPYed into it as they are parsed (no indexes,
 * not WAL-logged, dropped at commit), so the schedule rules and the write to epg_programs can then
 * run set-based in SQL instead of row by row.
 */
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type pg from "pg";
import { from as copyFrom } from "pg-copy-streams";
import type { IncomingProgramme } from "./incoming-programme.ts";

export interface StagedProgramme {
  /** Document order: the tie-breaker of every schedule rule. */
  seq: number;
  /** XMLTV line or JSON array index, for warnings. */
  pos: number | null;
  channelId: string;
  programme: IncomingProgramme;
}

const COLUMNS =
  "seq, pos, channel_id, start_time, end_time, title, subtitle, description, categories, season, episode, episode_onscreen, rating, image_url";

export async function createStagingTable(client: pg.PoolClient): Promise<void> {
  await client.query(`
    create temp table ingest_staging (
      seq integer not null,
      pos integer,
      channel_id uuid not null,
      start_time timestamptz not null,
      end_time timestamptz,
      title text not null,
      subtitle text,
      description text,
      categories text[] not null,
      season integer,
      episode integer,
      episode_onscreen text,
      rating text,
      image_url text
    ) on commit drop`);
}

/** COPY … FROM STDIN in text format, written batch by batch with backpressure. */
export class StagingWriter {
  readonly #stream: ReturnType<typeof copyFrom>;
  rows = 0;

  constructor(client: pg.PoolClient) {
    this.#stream = client.query(copyFrom(`copy ingest_staging (${COLUMNS}) from stdin`));
    // Until end() awaits it, a failed COPY must not surface as an unhandled 'error' event.
    this.#stream.on("error", () => {});
  }

  async write(rows: readonly StagedProgramme[]): Promise<void> {
    if (rows.length === 0) return;
    // A COPY the server already refused would never drain again.
    if (this.#stream.errored) throw this.#stream.errored;
    let text = "";
    for (const row of rows) text += encodeRow(row);
    this.rows += rows.length;
    if (!this.#stream.write(text)) await once(this.#stream, "drain");
  }

  async end(): Promise<void> {
    this.#stream.end();
    await finished(this.#stream);
  }
}

function encodeRow({ seq, pos, channelId, programme: p }: StagedProgramme): string {
  return (
    `${seq}\t${pos ?? "\\N"}\t${channelId}\t${p.start.toISOString()}\t${p.stop ? p.stop.toISOString() : "\\N"}\t` +
    `${text(p.title)}\t${nullable(p.subtitle)}\t${nullable(p.description)}\t${text(arrayLiteral(p.categories))}\t` +
    `${p.season ?? "\\N"}\t${p.episode ?? "\\N"}\t${nullable(p.episodeOnscreen)}\t${nullable(p.rating)}\t` +
    `${nullable(p.image)}\n`
  );
}

const NEEDS_ESCAPE = /[\\\n\r\t\0]/;

/** COPY text-format escaping. NUL cannot be stored in Postgres text at all, so it is dropped. */
function text(value: string): string {
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(/[\\\n\r\t\0]/g, (c) =>
    c === "\\" ? "\\\\" : c === "\n" ? "\\n" : c === "\r" ? "\\r" : c === "\t" ? "\\t" : "",
  );
}

const nullable = (value: string | null) => (value === null ? "\\N" : text(value));

function arrayLiteral(values: readonly string[]): string {
  if (values.length === 0) return "{}";
  return `{${values.map((v) => `"${v.replace(/[\\"]/g, "\\$&")}"`).join(",")}}`;
}
