/**
 * Values derived from a JSON Schema of an OpenAPI document: mostly what the schema accepts (so
 * requests get past validation and reach services, the database and `Date`), with one part
 * swapped for something hostile, a required member dropped, an unknown one added, or the wrong type.
 */
import fc from "fast-check";
import { hostileJson, hostileString, plausibleInstant } from "./hostile-values.ts";
import type { JsonSchema } from "./openapi-operations.ts";

/** Known ids of the running stack (channels, sessions): a random UUID only ever reaches a 404. */
export interface KnownIds {
  uuids: string[];
}

/** Names of string fields that hold instants, although the schema only says `string`. */
const INSTANT_NAME = /^(at|from|to|start|stop|end|since|until)$/i;

function typesOf(schema: JsonSchema): string[] {
  if (Array.isArray(schema.type)) return schema.type;
  if (schema.type) return [schema.type];
  if (schema.properties) return ["object"];
  if (schema.items) return ["array"];
  return [];
}

function stringFor(schema: JsonSchema, name: string, known: KnownIds): fc.Arbitrary<string> {
  if (schema.enum) return fc.constantFrom(...(schema.enum as string[]));
  if (schema.format === "uuid") {
    return known.uuids.length ? fc.oneof(fc.constantFrom(...known.uuids), fc.uuid()) : fc.uuid();
  }
  if (schema.format === "email") return fc.emailAddress();
  if (schema.format === "uri" || schema.format === "url") return fc.webUrl();
  if (schema.format === "date-time" || INSTANT_NAME.test(name)) return plausibleInstant;
  if (schema.pattern) {
    try {
      return fc
        .stringMatching(new RegExp(schema.pattern))
        .filter((s) => s.length <= (schema.maxLength ?? 64));
    } catch {
      // A pattern JavaScript cannot compile: fall through to plain text.
    }
  }
  const minLength = schema.minLength ?? 0;
  return fc.string({ minLength, maxLength: Math.max(minLength, Math.min(schema.maxLength ?? 24, 24)) });
}

function numberFor(schema: JsonSchema, integer: boolean): fc.Arbitrary<number> {
  const min = schema.minimum ?? (integer ? -1000 : -1e6);
  const max = schema.maximum ?? (integer ? 100_000 : 1e6);
  return integer
    ? fc.integer({ min: Math.ceil(min), max: Math.floor(max) })
    : fc.double({ min, max, noNaN: true });
}

/** A value the schema accepts (as far as JSON Schema can say: custom checks may still refuse it). */
export function validValue(
  schema: JsonSchema,
  name: string,
  known: KnownIds,
  depth = 0,
): fc.Arbitrary<unknown> {
  if (depth > 6) return fc.constant(null);
  if (schema.const !== undefined) return fc.constant(schema.const);
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives?.length)
    return fc.oneof(...alternatives.map((s) => validValue(s, name, known, depth + 1)));
  if (schema.allOf?.length) return validValue(Object.assign({}, ...schema.allOf), name, known, depth + 1);
  const type = typesOf(schema).find((t) => t !== "null") ?? typesOf(schema)[0];
  switch (type) {
    case "string":
      return stringFor(schema, name, known);
    case "integer":
      return numberFor(schema, true);
    case "number":
      return numberFor(schema, false);
    case "boolean":
      return fc.boolean();
    case "null":
      return fc.constant(null);
    case "array":
      return fc.array(validValue(schema.items ?? {}, name, known, depth + 1), {
        minLength: schema.minItems ?? 0,
        maxLength: Math.max(schema.minItems ?? 0, Math.min(schema.maxItems ?? 4, 4)),
      });
    case "object": {
      const properties = Object.entries(schema.properties ?? {});
      const required = new Set(schema.required ?? []);
      return fc.record(
        Object.fromEntries(properties.map(([key, s]) => [key, validValue(s, key, known, depth + 1)])),
        { requiredKeys: properties.map(([key]) => key).filter((key) => required.has(key)) },
      );
    }
    default:
      return hostileJson;
  }
}

type Mutation =
  | { kind: "none" }
  | { kind: "replace"; pick: number; value: unknown }
  | { kind: "drop"; pick: number }
  | { kind: "extra"; key: string; value: unknown }
  | { kind: "whole"; value: unknown };

/** Paths of every member and element of `value`, so one can be picked to mutate. */
function pathsOf(value: unknown, prefix: (string | number)[] = [], depth = 0): (string | number)[][] {
  if (depth > 6 || value === null || typeof value !== "object") return [];
  const entries = Array.isArray(value) ? value.map((v, i) => [i, v] as const) : Object.entries(value);
  return entries.flatMap(([key, child]) => [
    [...prefix, key],
    ...pathsOf(child, [...prefix, key], depth + 1),
  ]);
}

function applyMutation(value: unknown, mutation: Mutation): unknown {
  if (mutation.kind === "none") return value;
  if (mutation.kind === "whole") return mutation.value;
  if (mutation.kind === "extra") {
    return value && typeof value === "object" && !Array.isArray(value)
      ? { ...value, [mutation.key]: mutation.value }
      : mutation.value;
  }
  const copy = structuredClone(value);
  const paths = pathsOf(copy);
  const path = paths[mutation.pick % Math.max(paths.length, 1)];
  if (!path) return mutation.kind === "replace" ? mutation.value : copy;
  let parent = copy as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) parent = parent[key] as Record<string | number, unknown>;
  const last = path[path.length - 1] as string | number;
  if (mutation.kind === "replace") parent[last] = mutation.value;
  else if (Array.isArray(parent)) parent.splice(Number(last), 1);
  else delete parent[last];
  return copy;
}

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 2, arbitrary: fc.constant({ kind: "none" as const }) },
  {
    weight: 5,
    arbitrary: fc.record({ kind: fc.constant("replace" as const), pick: fc.nat(), value: hostileJson }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("drop" as const), pick: fc.nat() }) },
  {
    weight: 1,
    arbitrary: fc.record({ kind: fc.constant("extra" as const), key: hostileString, value: hostileJson }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("whole" as const), value: hostileJson }) },
);

/** A schema's valid value with at most one hostile change. */
export function fuzzedValue(schema: JsonSchema, name: string, known: KnownIds): fc.Arbitrary<unknown> {
  return fc.tuple(validValue(schema, name, known), mutation).map(([value, m]) => applyMutation(value, m));
}

/** A scalar parameter value: valid, or one hostile string. */
export function fuzzedScalar(schema: JsonSchema, name: string, known: KnownIds): fc.Arbitrary<string> {
  const valid = validValue(schema, name, known).map((v) => (Array.isArray(v) ? v.join(",") : String(v)));
  return fc.oneof({ weight: 1, arbitrary: valid }, { weight: 1, arbitrary: hostileString });
}
