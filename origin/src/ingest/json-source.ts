/**
 * The JSON schedule format (IngestJsonDocument in @seeyoo/schema) as a stream of source items:
 * every array element is validated on its own as it arrives, so a schema violation is reported
 * with its path (`programmes.41.start`) however late in the document it sits.
 */
import { IngestJsonChannel, IngestJsonProgramme, instantOf, issuesToFields } from "@seeyoo/schema/wire";
import * as v from "valibot";
import type { SourceItem } from "./incoming-programme.ts";
import { IngestProblem } from "./ingest-problem.ts";
import { JsonMemberScanner, JsonSyntaxError, type JsonValuePiece } from "./json-member-scanner.ts";

const MEMBERS = new Set(["channels", "programmes"]);

export async function* jsonItems(bytes: AsyncIterable<Uint8Array>): AsyncGenerator<SourceItem[]> {
  let batch: SourceItem[] = [];
  let sawProgrammes = false;
  const scanner = new JsonMemberScanner((piece) => {
    if (piece.key === "programmes") sawProgrammes = true;
    batch.push(toItem(piece));
  });
  const decoder = new TextDecoder("utf-8", { fatal: true });
  try {
    for await (const chunk of bytes) {
      scanner.feed(decoder.decode(chunk, { stream: true }));
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
    scanner.feed(decoder.decode());
    scanner.end();
  } catch (error) {
    if (error instanceof JsonSyntaxError) throw malformed(error.message, error.line, error.column);
    if (
      error instanceof TypeError &&
      (error as { code?: string }).code === "ERR_ENCODING_INVALID_ENCODED_DATA"
    ) {
      throw malformed("the body is not valid UTF-8");
    }
    throw error;
  }
  if (batch.length > 0) yield batch;
  if (!sawProgrammes) throw invalid("programmes", "is required (an array)");
}

function toItem(piece: JsonValuePiece): SourceItem {
  if (!MEMBERS.has(piece.key)) throw invalid(piece.key, "is not a known member");
  if (piece.index === null) throw invalid(piece.key, "must be an array");
  const path = `${piece.key}.${piece.index}`;
  let value: unknown;
  try {
    value = JSON.parse(piece.text);
  } catch (error) {
    throw malformed(`${path}: ${(error as Error).message}`, piece.line, piece.column);
  }
  if (piece.key === "channels") {
    const channel = validate(IngestJsonChannel, value, path);
    return { kind: "channel", channel: { id: channel.id } };
  }
  const p = validate(IngestJsonProgramme, value, path);
  return {
    kind: "programme",
    programme: {
      channel: p.channel,
      start: instantOf(p.start),
      stop: instantOf(p.stop),
      title: p.title,
      subtitle: p.subtitle ?? null,
      description: p.description ?? null,
      categories: p.categories ?? [],
      season: p.season ?? null,
      episode: p.episode ?? null,
      episodeOnscreen: p.episodeOnscreen ?? null,
      rating: p.rating ?? null,
      image: p.image ?? null,
      index: piece.index,
    },
  };
}

function validate<S extends v.GenericSchema>(schema: S, value: unknown, path: string): v.InferOutput<S> {
  const result = v.safeParse(schema, value);
  if (result.success) return result.output;
  const errors = issuesToFields(result.issues).map((e) => ({
    field: e.field === "(body)" ? path : `${path}.${e.field}`,
    message: e.message,
  }));
  throw new IngestProblem(400, "validation", "The schedule does not match the JSON ingest schema", {
    detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
    errors,
    extensions: { path: errors[0]?.field ?? path },
  });
}

function invalid(field: string, message: string): IngestProblem {
  return new IngestProblem(400, "validation", "The schedule does not match the JSON ingest schema", {
    detail: `${field}: ${message}`,
    errors: [{ field, message }],
    extensions: { path: field },
  });
}

function malformed(message: string, line?: number, column?: number): IngestProblem {
  return new IngestProblem(400, "malformedBody", "The body is not valid JSON", {
    detail: message,
    extensions: line === undefined ? {} : { line, column: column ?? 1 },
  });
}
