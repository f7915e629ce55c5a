/**
 * Validation at the boundary: request bodies, params and queries pass through a valibot schema
 * from packages/schema once; handlers receive typed, trusted values. Failures become a 400
 * problem naming every failing field.
 */
import { ProblemError, parseOrThrow } from "@seeyoo/schema/wire";
import type { Context } from "hono";
import type * as v from "valibot";

type AnySchema = v.GenericSchema;

/** Reads and validates a JSON body; a body that is not JSON is a 400, never a 500. */
export async function jsonBody<S extends AnySchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ProblemError(415, "unsupportedMediaType", "Send the body as application/json");
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ProblemError(400, "malformedBody", "The body is not valid JSON");
  }
  return parseOrThrow(schema, body, "(body)");
}

export function params<S extends AnySchema>(c: Context, schema: S): v.InferOutput<S> {
  return parseOrThrow(schema, c.req.param(), "(params)");
}

export function query<S extends AnySchema>(c: Context, schema: S): v.InferOutput<S> {
  return parseOrThrow(schema, c.req.query(), "(query)");
}
