/**
 * XMLTV as a stream of source items: the finished streaming parser does the syntax; this adapts
 * its records and turns a syntax error into a 400 problem naming line and column.
 */
import type { IngestWarningInput, SourceItem } from "./incoming-programme.ts";
import { IngestProblem } from "./ingest-problem.ts";
import { parseXmltv, XmltvSyntaxError } from "./xmltv/parse-xmltv.ts";

/** Parser warnings after which the programme was dropped (the others only lose a field). */
export const SKIPPING_WARNINGS = new Set(["missing_channel", "bad_start", "missing_title"]);

export async function* xmltvItems(
  bytes: AsyncIterable<Uint8Array>,
  languages: string[],
  onWarning: (warning: IngestWarningInput, skippedProgramme: boolean) => void,
): AsyncGenerator<SourceItem[]> {
  try {
    // XmltvItem is structurally a SourceItem: no per-record copying on the hot path.
    yield* parseXmltv(bytes, { languages }, (w) =>
      onWarning(
        { code: w.code, message: w.message, element: w.element, line: w.line },
        w.element === "programme" && SKIPPING_WARNINGS.has(w.code),
      ),
    );
  } catch (error) {
    if (error instanceof XmltvSyntaxError) {
      throw new IngestProblem(400, "malformedBody", "The body is not well-formed XML", {
        detail: error.message,
        extensions: { line: error.line, column: error.column },
      });
    }
    throw error;
  }
}
