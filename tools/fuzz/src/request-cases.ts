/**
 * One generated HTTP request per case, derived from an operation: path and query parameters valid
 * or hostile (percent-encoded byte by byte, so unpaired surrogates and NUL reach the server as
 * they would from a raw client), the credential the route needs — or none, a wrong one, another
 * route's — and a body from the operation's schema with one hostile change, or hostile raw text
 * under any content type.
 */
import fc from "fast-check";
import {
  anyContentType,
  hostileBodyText,
  hostileJson,
  hostileString,
  isoLikeInstant,
} from "./hostile-values.ts";
import type { Operation } from "./openapi-operations.ts";
import { fuzzedScalar, fuzzedValue, type KnownIds } from "./schema-values.ts";
import { xmltvBody } from "./xmltv-bodies.ts";

export interface FuzzRequest {
  operation: string;
  method: string;
  /** Path and query, percent-encoded. */
  target: string;
  headers: Record<string, string>;
  body?: string;
}

export interface CaseContext {
  known: KnownIds;
  /** The credential for each security scheme of the document, as `Authorization` values. */
  credentials: Record<string, string>;
  /**
   * "safe" keeps the stack usable for other tests running on it: changes that are not the fuzz
   * run's own (deleting, updating, or creating active catalogue entries) only ever name unknown
   * ids or inactive channels.
   */
  mode: "all" | "safe";
}

const utf8 = new TextEncoder();

/** Percent-encodes every byte but unreserved characters; lone surrogates as their WTF-8 bytes. */
export function percentEncode(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    const isHigh = unit >= 0xd800 && unit <= 0xdbff;
    const next = text.charCodeAt(i + 1);
    let bytes: Uint8Array;
    if (isHigh && next >= 0xdc00 && next <= 0xdfff) {
      bytes = utf8.encode(text.slice(i, i + 2));
      i++;
    } else if (unit >= 0xd800 && unit <= 0xdfff) {
      bytes = new Uint8Array([0xe0 | (unit >> 12), 0x80 | ((unit >> 6) & 0x3f), 0x80 | (unit & 0x3f)]);
    } else {
      const ch = text[i] as string;
      if (/[A-Za-z0-9\-._~]/.test(ch)) {
        out += ch;
        continue;
      }
      bytes = utf8.encode(ch);
    }
    for (const b of bytes) out += `%${b.toString(16).toUpperCase().padStart(2, "0")}`;
  }
  return out;
}

const authorization = (operation: Operation, context: CaseContext) => {
  const own = operation.security.map((s) => context.credentials[s]).find(Boolean);
  const others = Object.values(context.credentials).filter((c) => c !== own);
  return fc.oneof(
    { weight: own ? 12 : 0, arbitrary: fc.constant(own) },
    { weight: 1, arbitrary: fc.constant(undefined) },
    // Header values are bytes without controls; past a few KiB the runtime refuses them (431).
    {
      weight: 1,
      arbitrary: hostileString.map((s) => `Bearer ${s.replace(/[^\x20-\x7e]/g, "").slice(0, 4096)}`),
    },
    {
      weight: others.length ? 1 : 0,
      arbitrary: others.length ? fc.constantFrom(...others) : fc.constant(undefined),
    },
  );
};

function pathArbitrary(operation: Operation, context: CaseContext): fc.Arbitrary<string> {
  const params = operation.parameters.filter((p) => p.in === "path");
  const unsafe =
    context.mode === "safe" && operation.method !== "GET" && operation.path.startsWith("/v1/admin");
  const values = params.map((p) =>
    // In safe mode the shared stack's own catalogue is never changed by id.
    unsafe && p.schema.format === "uuid"
      ? fc.oneof(fc.uuid(), hostileString)
      : fuzzedScalar(p.schema, p.name, context.known),
  );
  return fc.tuple(...values).map((chosen) => {
    let path = operation.path;
    params.forEach((p, i) => {
      path = path.replace(`{${p.name}}`, percentEncode(chosen[i] as string) || "%20");
    });
    return path;
  });
}

function queryArbitrary(operation: Operation, context: CaseContext): fc.Arbitrary<string> {
  const params = operation.parameters.filter((p) => p.in === "query");
  const pairs = params.map((p) =>
    fc.option(
      fc.oneof(
        { weight: 6, arbitrary: fuzzedScalar(p.schema, p.name, context.known).map((v) => [[p.name, v]]) },
        // The same parameter twice, as some clients and attackers send it.
        {
          weight: 1,
          arbitrary: fc.tuple(fuzzedScalar(p.schema, p.name, context.known), isoLikeInstant).map(([a, b]) => [
            [p.name, a],
            [p.name, b],
          ]),
        },
      ),
      { freq: 3, nil: [] as string[][] },
    ),
  );
  const extra = fc.option(fc.tuple(hostileString, hostileString), { freq: 5, nil: undefined });
  return fc.tuple(fc.tuple(...pairs), extra).map(([chosen, stray]) => {
    const all = chosen.flat();
    if (stray) all.push(stray);
    const query = all
      .map(([k, v]) => `${percentEncode(k as string)}=${percentEncode(v as string)}`)
      .join("&");
    return query ? `?${query}` : "";
  });
}

const JSON_TYPE = /json/i;

function bodyArbitrary(
  operation: Operation,
  context: CaseContext,
): fc.Arbitrary<{ body?: string; contentType?: string }> {
  const declared = operation.body;
  // fetch() sends no body with GET (neither do well-behaved clients; proxies drop it).
  if (operation.method === "GET") return fc.constant({});
  if (!declared) {
    return fc.oneof(
      { weight: 6, arbitrary: fc.constant({}) },
      { weight: 1, arbitrary: fc.record({ body: hostileBodyText, contentType: anyContentType }) },
    );
  }
  const json = declared.mediaTypes.find((t) => JSON_TYPE.test(t));
  const xml = declared.mediaTypes.find((t) => /xml/i.test(t));
  const shaped =
    declared.schema && json
      ? fuzzedValue(declared.schema, "", context.known).map((value) => {
          // Catalogue entries made in safe mode stay out of viewers' sight.
          if (context.mode === "safe" && value && typeof value === "object" && "hlsPath" in value) {
            return { body: JSON.stringify({ ...value, active: false }), contentType: json };
          }
          return { body: JSON.stringify(value) ?? "null", contentType: json };
        })
      : undefined;
  return fc.oneof(
    { weight: shaped ? 6 : 0, arbitrary: shaped ?? fc.constant({}) },
    {
      weight: xml ? 6 : 0,
      arbitrary: xmltvBody.map((body) => ({ body, contentType: xml ?? "application/xml" })),
    },
    { weight: 1, arbitrary: fc.record({ body: hostileBodyText, contentType: anyContentType }) },
    {
      weight: 1,
      arbitrary: hostileJson.map((value) => ({
        body: JSON.stringify(value) ?? "null",
        contentType: json ?? "application/json",
      })),
    },
    { weight: 1, arbitrary: fc.constant({ contentType: declared.mediaTypes[0] }) },
  );
}

export function requestArbitrary(operation: Operation, context: CaseContext): fc.Arbitrary<FuzzRequest> {
  return fc
    .record({
      path: pathArbitrary(operation, context),
      query: queryArbitrary(operation, context),
      auth: authorization(operation, context),
      body: bodyArbitrary(operation, context),
      // Each request from its own client address, so per-IP limits do not answer for the handler.
      ip: fc.ipV4(),
    })
    .map(({ path, query, auth, body, ip }) => {
      const headers: Record<string, string> = { "cf-connecting-ip": ip };
      if (auth) headers.authorization = auth;
      if (body.contentType) headers["content-type"] = body.contentType;
      return {
        operation: operation.id,
        method: operation.method,
        target: `${path}${query}`,
        headers,
        ...(body.body === undefined ? {} : { body: body.body }),
      };
    });
}
