/**
 * Request validation at the edge: hono-openapi's validator (so every schema also lands in the
 * OpenAPI document) with our hook, which turns failures into a 400 problem naming the fields.
 * JSON bodies additionally need the right content type (415) and must parse (400).
 */

import { ProblemError } from "@seeyoo/schema/wire";
import type { StandardSchemaV1 } from "@standard-schema/spec";
import type { MiddlewareHandler, ValidationTargets } from "hono";
import { validator } from "hono-openapi";

type PathItem = PropertyKey | { key: PropertyKey };
const dotted = (path: readonly PathItem[] | undefined, target: string) =>
  path?.length ? path.map((p) => String(typeof p === "object" ? p.key : p)).join(".") : `(${target})`;

export function validated<S extends StandardSchemaV1, T extends keyof ValidationTargets>(
  target: T,
  schema: S,
) {
  return validator(target, schema, (result) => {
    if (result.success) return;
    const errors = (result.error as readonly StandardSchemaV1.Issue[]).map((issue) => ({
      field: dotted(issue.path as PathItem[] | undefined, target),
      message: issue.message,
    }));
    throw new ProblemError(400, "validation", "Request validation failed", {
      detail: errors.map((e) => `${e.field}: ${e.message}`).join("; "),
      errors,
    });
  });
}

export const requireJsonBody: MiddlewareHandler = async (c, next) => {
  if (!/^application\/([a-z.+-]*\+)?json\b/i.test(c.req.header("content-type") ?? "")) {
    throw new ProblemError(415, "unsupportedMediaType", "Send the body as application/json");
  }
  await next();
};
