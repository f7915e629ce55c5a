/** Small helpers so route files describe their responses in one line each. */

import { Problem } from "@seeyoo/schema/wire";
import { resolver } from "hono-openapi";
import type { GenericSchema } from "valibot";

export const jsonResponse = (description: string, schema: GenericSchema) => ({
  description,
  content: { "application/json": { schema: resolver(schema) } },
});

export const problemResponse = (description: string) => ({
  description,
  content: { "application/problem+json": { schema: resolver(Problem) } },
});

export const bearerAuth = [{ bearerAuth: [] }];
