/**
 * Validation at the boundary: request bodies, params and queries pass through a valibot schema
 * from packages/schema once; handlers receive typed, trusted values. Failures become a 400
 * problem naming every failing field.
 */
import { issuesToFields } from "@seeyoo/schema/wire";
import type { Context } from "hono";
import * as v from "valibot";
import { ApiError } from "./api-error.ts";

type AnySchema = v.GenericSchema;

export function parseWith<S extends AnySchema>(schema: S, input: unknown, where: string): v.InferOutput<S> {
  const result = v.safeParse(schema, input);
  if (result.success) return result.output;
  const errors = issuesToFields(result.issues).map((e) => ({
    field: e.field === "(body)" ? where : e.field,
    message: e.message,
  }));
  throw new ApiError(400, "validation", "Request validation failed", {
    detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
    errors,
  });
}

/** Reads and validates a JSON body; a body that is not JSON is a 400, never a 500. */
export async function jsonBody<S extends AnySchema>(c: Context, schema: S): Promise<v.InferOutput<S>> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(type)) {
    throw new ApiError(415, "unsupportedMediaType", "Send the body as application/json");
  }
  let body: unknown;
  try {
    body = await c.req.json();
  } catch {
    throw new ApiError(400, "malformedBody", "The body is not valid JSON");
  }
  return parseWith(schema, body, "(body)");
}

export function params<S extends AnySchema>(c: Context, schema: S): v.InferOutput<S> {
  return parseWith(schema, c.req.param(), "(params)");
}

export function query<S extends AnySchema>(c: Context, schema: S): v.InferOutput<S> {
  return parseWith(schema, c.req.query(), "(query)");
}
