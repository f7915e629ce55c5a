/**
 * OpenAPI pieces for route descriptions, so each route states its responses in one line each —
 * generated from the same valibot schemas that validate and type the data.
 */
import { Problem } from "@seeyoo/schema/wire";
import type { MiddlewareHandler } from "hono";
import { type DescribeRouteOptions, describeRoute, resolver, uniqueSymbol } from "hono-openapi";
import type { GenericSchema } from "valibot";

export const jsonResponse = (description: string, schema: GenericSchema) => ({
  description,
  content: { "application/json": { schema: resolver(schema) } },
});

export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: resolver(Problem) } },
});

type Responses = NonNullable<DescribeRouteOptions["responses"]>;

/**
 * `describeRoute` for the routes of one resource: their tag and the responses they all share
 * given once, so that each route states its summary and its own responses.
 */
export const routeDescriber =
  (tag: string, shared: Responses = {}) =>
  (
    summary: string,
    responses: Responses,
    more: Omit<DescribeRouteOptions, "tags" | "summary" | "responses"> = {},
  ) =>
    describeRoute({ tags: [tag], summary, ...more, responses: { ...responses, ...shared } });

/**
 * Attaches an OpenAPI fragment to a middleware, the way hono-openapi's `describeRoute` does: the
 * document merges it into every operation the middleware is declared on. A guard thereby
 * documents its own security requirement and refusals on each route it guards.
 */
export function documented<M extends MiddlewareHandler>(middleware: M, spec: DescribeRouteOptions): M {
  return Object.assign(middleware, { [uniqueSymbol]: { spec } });
}
