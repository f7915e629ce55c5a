/**
 * Reading request input at the boundary, the same way in both deployables: the body must be
 * JSON (415 otherwise), parseable (400 otherwise), and match its wire schema (400 naming fields).
 */
import type * as v from "valibot";
import { ProblemError, parseOrThrow } from "./problem-error.ts";

const JSON_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

export async function parseJsonRequest<S extends v.GenericSchema>(
  request: Request,
  schema: S,
): Promise<v.InferOutput<S>> {
  if (!JSON_TYPE.test(request.headers.get("content-type") ?? "")) {
    throw new ProblemError(415, "unsupportedMediaType", "Send the body as application/json");
  }
  let body: unknown;
  try {
    body = await request.json();
  } catch (error) {
    if (error instanceof ProblemError) throw error; // e.g. the body limit tripping while reading
    throw new ProblemError(400, "malformedBody", "The body is not valid JSON");
  }
  return parseOrThrow(schema, body, "(body)");
}
