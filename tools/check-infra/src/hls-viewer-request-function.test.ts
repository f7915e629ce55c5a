// Runs the CloudFront viewer-request function of the HLS behaviours (terraform/cloudfront-functions:
// CORS preflights, time-shift queries) with the event shape CloudFront passes it, the way terraform
// templates it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

type Headers = Record<string, { value: string }>;
type Query = Record<string, { value: string; multiValue?: { value: string }[] }>;
type Request = { method: string; uri: string; headers: Headers; querystring: Query };
type Result = Request | { statusCode: number; headers?: Headers };

const source = readFileSync(
  path.resolve(import.meta.dirname, "../../../terraform/cloudfront-functions/hls-viewer-request.js"),
  "utf8",
);
const allowed = ["https://seeyoo.tv", "http://localhost:5173"];
// terraform's replace() replaces every occurrence.
const code = source.replaceAll('["__ALLOWED_ORIGINS__"]', JSON.stringify(allowed));
const handler = new Function(`${code}\nreturn handler;`)() as (event: { request: Request }) => Result;

function request(method: string, headers: Record<string, string>, querystring: Query = {}): Request {
  return {
    method,
    uri: "/out/v1/seeyoo-prod-live/seeyoo-one/hls/master.m3u8",
    querystring,
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { value: v }])),
  };
}

describe("CloudFront viewer-request function: CORS preflights", () => {
  it("answers a preflight from the web player with 204 and exact CORS headers, no credentials", () => {
    const result = handler({
      request: request("OPTIONS", {
        origin: "https://seeyoo.tv",
        "access-control-request-method": "GET",
        "access-control-request-headers": "range",
      }),
    });
    expect(result).toEqual({
      statusCode: 204,
      statusDescription: "No Content",
      headers: {
        "access-control-allow-origin": { value: "https://seeyoo.tv" },
        "access-control-allow-methods": { value: "GET, HEAD" },
        "access-control-allow-headers": { value: "Range" },
        "access-control-max-age": { value: "600" },
        vary: { value: "Origin" },
      },
    });
  });

  it("refuses a preflight from another origin, for another method or with other headers", () => {
    const cases: Record<string, string>[] = [
      { origin: "https://evil.example", "access-control-request-method": "GET" },
      { origin: "https://seeyoo.tv.evil.example", "access-control-request-method": "GET" },
      { origin: "https://seeyoo.tv", "access-control-request-method": "DELETE" },
      {
        origin: "https://seeyoo.tv",
        "access-control-request-method": "GET",
        "access-control-request-headers": "authorization",
      },
      { origin: "null", "access-control-request-method": "GET" },
      {},
    ];
    for (const headers of cases) {
      const result = handler({ request: request("OPTIONS", headers) });
      expect(result, JSON.stringify(headers)).toEqual({
        statusCode: 403,
        statusDescription: "Forbidden",
        headers: { vary: { value: "Origin" } },
      });
    }
  });

  it("passes every other method through untouched to the signature check", () => {
    for (const method of ["GET", "HEAD"]) {
      const original = request(method, { origin: "https://evil.example" });
      expect(handler({ request: original })).toBe(original);
    }
  });
});

/** A query as CloudFront hands it over: a repeated parameter gets `multiValue`. */
function query(pairs: [string, string][]): Query {
  const out: Query = {};
  for (const [name, value] of pairs) {
    const seen = out[name];
    if (!seen) out[name] = { value };
    else seen.multiValue = [...(seen.multiValue ?? [{ value: seen.value }]), { value }];
  }
  return out;
}

describe("CloudFront viewer-request function: time-shift queries", () => {
  const signing: [string, string][] = [
    ["Policy", "eyJTdGF0ZW1lbnQiOltdfQ__"],
    ["Signature", "abc~"],
    ["Key-Pair-Id", "K123"],
  ];

  it("passes live, restart and catch-up requests with their signature through", () => {
    for (const pairs of [
      [],
      signing,
      [["start", "2026-11-29T18:00:00Z"], ...signing],
      [["start", "2026-11-29T18:00:00Z"], ["end", "2026-11-29T19:00:00Z"], ...signing],
      [["start", "1795000000"], ["end", "1795003600"], ["Expires", "1795000060"], ...signing],
    ] as [string, string][][]) {
      const original = request("GET", {}, query(pairs));
      expect(handler({ request: original }), JSON.stringify(pairs)).toBe(original);
    }
  });

  it("refuses a second start or end put in front of the signed window, or any other parameter (400)", () => {
    for (const pairs of [
      [["start", "2026-11-01T00:00:00Z"], ["start", "2026-11-29T18:00:00Z"], ...signing],
      [
        ["start", "2026-11-29T18:00:00Z"],
        ["end", "2026-11-30T00:00:00Z"],
        ["end", "2026-11-29T19:00:00Z"],
      ],
      [["start", "2026-11-29T18:00:00Z"], ["aws.manifestfilter", "video_height:1-2160"], ...signing],
      [["x", "1"]],
    ] as [string, string][][]) {
      expect(handler({ request: request("GET", {}, query(pairs)) }), JSON.stringify(pairs)).toEqual({
        statusCode: 400,
        statusDescription: "Bad Request",
        headers: { "cache-control": { value: "no-store" } },
      });
    }
  });
});
