/**
 * Request validation at the boundary, the same in both deployables: hono-openapi's validator (so
 * every schema also lands in the OpenAPI document) with our hook, which turns failures into a 400
 * problem naming each failing field. A JSON body must also come as JSON (415) and parse (400,
 * from the error handler); handlers then read typed, trusted values with `c.req.valid(target)`.
 */
import { ProblemError } from "@seeyoo/schema/wire";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { Context, ValidationTargets } from "hono";
import { uniqueSymbol, validator } from "hono-openapi";

/** How a failure that is about the whole input (not one field) names it. */
const WHOLE: Record<keyof ValidationTargets, string> = {
  json: "(body)",
  form: "(body)",
  query: "(query)",
  param: "(params)",
  header: "(headers)",
  cookie: "(cookies)",
};

type PathItem = PropertyKey | { key: PropertyKey };
const fieldOf = (path: readonly PathItem[] | undefined, target: keyof ValidationTargets) =>
  path?.length ? path.map((p) => String(typeof p === "object" ? p.key : p)).join(".") : WHOLE[target];

const JSON_MEDIA_TYPE = /^application\/([a-z.+-]*\+)?json\b/i;

/** 415 unless the request says its body is JSON (Hono's validator would otherwise see `{}`). */
export function assertJsonBody(c: Context): void {
  if (!JSON_MEDIA_TYPE.test(c.req.header("content-type") ?? "")) {
    throw new ProblemError(415, "unsupportedMediaType", "Send the body as application/json");
  }
}

/** A request that carries no body at all: no media type and nothing to read. */
function hasNoBody(c: Context): boolean {
  const length = c.req.header("content-length");
  return c.req.header("content-type") === undefined && (c.req.raw.body === null || length === "0");
}

/**
 * @param options.optionalBody  for `json`: a request without any body validates `{}` (so the schema
 *                              decides what "nothing" means); a body that is there must be JSON.
 */
export function validated<S extends StandardSchemaV1, T extends keyof ValidationTargets>(
  target: T,
  schema: S,
  options: { optionalBody?: boolean } = {},
) {
  const middleware = validator(target, schema, (result) => {
    if (result.success) return;
    const errors = (result.error as readonly StandardSchemaV1.Issue[]).map((issue) => ({
      field: fieldOf(issue.path as PathItem[] | undefined, target),
      message: issue.message,
    }));
    throw new ProblemError(400, "validation", "Request validation failed", {
      detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
      errors,
    });
  });
  if (target !== "json") return middleware;
  const jsonOnly: typeof middleware = async (c, next) => {
    // Without a JSON media type Hono's validator sees `{}`, which is what an absent body means.
    if (!(options.optionalBody && hasNoBody(c))) assertJsonBody(c);
    return middleware(c, next);
  };
  // Keep the validator's OpenAPI description (request body schema) on the wrapper.
  return Object.assign(jsonOnly, { [uniqueSymbol]: middleware[uniqueSymbol as keyof typeof middleware] });
}
