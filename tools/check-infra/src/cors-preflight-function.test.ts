// Runs the CloudFront Function that answers CORS preflights (terraform/cloudfront-functions) with
// the event shape CloudFront passes it, the way terraform templates it.
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

type Headers = Record<string, { value: string }>;
type Request = { method: string; uri: string; headers: Headers; querystring: Record<string, unknown> };
type Result = Request | { statusCode: number; headers?: Headers };

const source = readFileSync(
  path.resolve(import.meta.dirname, "../../../terraform/cloudfront-functions/cors-preflight.js"),
  "utf8",
);
const allowed = ["https://seeyoo.tv", "http://localhost:5173"];
// terraform's replace() replaces every occurrence.
const code = source.replaceAll('["__ALLOWED_ORIGINS__"]', JSON.stringify(allowed));
const handler = new Function(`${code}\nreturn handler;`)() as (event: { request: Request }) => Result;

function request(method: string, headers: Record<string, string>): Request {
  return {
    method,
    uri: "/out/v1/seeyoo-prod-live/seeyoo-one/hls/master.m3u8",
    querystring: {},
    headers: Object.fromEntries(Object.entries(headers).map(([k, v]) => [k, { value: v }])),
  };
}

describe("CloudFront CORS preflight function", () => {
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
