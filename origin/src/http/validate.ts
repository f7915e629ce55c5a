/**
 * Validation at the boundary: bodies, params and queries pass through a valibot schema from
 * packages/schema once; handlers receive typed, trusted values.
 */
import { parseJsonRequest, parseOrThrow } from "@seeyoo/schema/wire";
import type { Context } from "hono";
import type * as v from "valibot";

type AnySchema = v.GenericSchema;

export const jsonBody = <S extends AnySchema>(c: Context, schema: S): Promise<v.InferOutput<S>> =>
  parseJsonRequest(c.req.raw, schema);

export const params = <S extends AnySchema>(c: Context, schema: S): v.InferOutput<S> =>
  parseOrThrow(schema, c.req.param(), "(params)");

export const query = <S extends AnySchema>(c: Context, schema: S): v.InferOutput<S> =>
  parseOrThrow(schema, c.req.query(), "(query)");
