/**
 * The operations of an OpenAPI 3.1 document, as the fuzzer needs them: method, path template,
 * parameters with their JSON Schemas, the request body's media types and schema, and the security
 * schemes that guard it. `$ref`s to components are resolved.
 */

export interface JsonSchema {
  type?: string | string[];
  format?: string;
  enum?: unknown[];
  const?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  minItems?: number;
  maxItems?: number;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  pattern?: string;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  $ref?: string;
}

export interface Parameter {
  name: string;
  in: "path" | "query" | "header" | "cookie";
  required: boolean;
  schema: JsonSchema;
}

export interface Operation {
  /** `METHOD /path/{param}`, as reports name it. */
  id: string;
  method: string;
  path: string;
  parameters: Parameter[];
  body: { mediaTypes: string[]; schema: JsonSchema | undefined } | undefined;
  /** Names of the security schemes that guard it (empty: public). */
  security: string[];
}

interface OpenApiDocument {
  paths?: Record<string, Record<string, RawOperation>>;
  components?: { schemas?: Record<string, JsonSchema> };
  security?: Record<string, unknown>[];
}
interface RawOperation {
  parameters?: (Parameter | { $ref: string })[];
  requestBody?: { content?: Record<string, { schema?: JsonSchema }> };
  security?: Record<string, unknown>[];
}

const METHODS = new Set(["get", "put", "post", "delete", "patch"]);

export function operationsOf(document: unknown): Operation[] {
  const doc = document as OpenApiDocument;
  const resolve = (schema: JsonSchema | undefined, depth = 0): JsonSchema | undefined => {
    if (!schema || depth > 20) return schema;
    const ref = schema.$ref?.replace(/^#\/components\/schemas\//, "");
    const target = ref ? doc.components?.schemas?.[ref] : schema;
    if (!target) return {};
    const out: JsonSchema = { ...target };
    if (out.properties) {
      out.properties = Object.fromEntries(
        Object.entries(out.properties).map(([k, v]) => [k, resolve(v, depth + 1) ?? {}]),
      );
    }
    if (out.items) out.items = resolve(out.items, depth + 1);
    for (const key of ["anyOf", "oneOf", "allOf"] as const) {
      if (out[key]) out[key] = out[key].map((s) => resolve(s, depth + 1) ?? {});
    }
    return out;
  };

  const operations: Operation[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const [method, raw] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const parameters = (raw.parameters ?? [])
        .filter((p): p is Parameter => "name" in p)
        .map((p) => ({ ...p, required: Boolean(p.required), schema: resolve(p.schema) ?? {} }));
      const content = raw.requestBody?.content;
      const security = (raw.security ?? doc.security ?? []).flatMap((s) => Object.keys(s));
      operations.push({
        id: `${method.toUpperCase()} ${path}`,
        method: method.toUpperCase(),
        path,
        parameters,
        body: content
          ? {
              mediaTypes: Object.keys(content),
              schema: resolve(Object.values(content).find((c) => c.schema)?.schema),
            }
          : undefined,
        security,
      });
    }
  }
  return operations;
}
