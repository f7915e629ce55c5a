// CloudFront Function (runtime cloudfront-js-2.0), viewer request, on every HLS cache behaviour.
// CloudFront allows one viewer-request function per behaviour, so this one does two things, each
// in its own function below: it answers CORS preflights, and it refuses time-shift queries that
// could widen a signed restart/catch-up window.
//
// 1. Preflights. Every behaviour requires a playback signature (trusted key group), and a browser's CORS
// preflight (OPTIONS) carries no signature and no cookies, so CloudFront would refuse it with 403
// and the browser would never send the real request. This function answers preflights itself:
// 204 with CORS headers for an origin of the allowed list (the web player), 403 for anything else.
// Never a wildcard, never a reflected unknown origin, never Access-Control-Allow-Credentials: the
// player signs every request in the query string (no cookies cross-site).
//
// 2. Time-shift queries. A restart/catch-up grant is signed for `<channel folder>/*?start=S[&end=E]`
// (the edge signs exactly that window). CloudFront's `*` matches any characters, so a request that
// puts another `start`/`end` in front of the signed ones, or adds parameters, could still match the
// policy while MediaPackage reads the first value — a wider window than was granted. So a request
// may carry at most one `start` and one `end`, besides the signing parameters, and nothing else:
// otherwise 400, before the signature check and the cache. The local CDN refuses the same.
//
// Everything else passes through untouched to the signature check and the cache.
//
// The placeholder list ["__ALLOWED_ORIGINS__"] is replaced by terraform (cloudfront.tf) with
// var.player_origins as a JSON array.
// The same rules hold for the local CDN (tools/local-stack, `allowedOrigins`); docs/operations.md.

const ALLOWED_ORIGINS = ["__ALLOWED_ORIGINS__"];
const ALLOWED_METHODS = ["GET", "HEAD"];
const ALLOWED_HEADERS = ["range"];

function headerValue(request, name) {
  const header = request.headers[name];
  return header ? header.value : "";
}

function refuse() {
  return { statusCode: 403, statusDescription: "Forbidden", headers: { vary: { value: "Origin" } } };
}

const SIGNING_PARAMETERS = ["Policy", "Signature", "Key-Pair-Id", "Expires"];
const TIME_SHIFT_PARAMETERS = ["start", "end"];

// biome-ignore lint/correctness/noUnusedVariables: CloudFront calls `handler` by name.
function handler(event) {
  const request = event.request;
  if (request.method === "OPTIONS") return answerPreflight(request);
  return refuseOddTimeShiftQuery(request) || request;
}

/** 400 for a query with anything but one `start`, one `end` and the signing parameters; else null. */
function refuseOddTimeShiftQuery(request) {
  const query = request.querystring;
  for (const name of Object.keys(query)) {
    const known = SIGNING_PARAMETERS.indexOf(name) !== -1 || TIME_SHIFT_PARAMETERS.indexOf(name) !== -1;
    const repeated = query[name].multiValue && query[name].multiValue.length > 1;
    if (!known || repeated) {
      return {
        statusCode: 400,
        statusDescription: "Bad Request",
        headers: { "cache-control": { value: "no-store" } },
      };
    }
  }
  return null;
}

function answerPreflight(request) {
  const origin = headerValue(request, "origin");
  const method = headerValue(request, "access-control-request-method");
  if (ALLOWED_ORIGINS.indexOf(origin) === -1 || ALLOWED_METHODS.indexOf(method) === -1) return refuse();

  const requested = headerValue(request, "access-control-request-headers");
  const names = requested === "" ? [] : requested.split(",");
  for (const name of names) {
    if (ALLOWED_HEADERS.indexOf(name.trim().toLowerCase()) === -1) return refuse();
  }

  return {
    statusCode: 204,
    statusDescription: "No Content",
    headers: {
      "access-control-allow-origin": { value: origin },
      "access-control-allow-methods": { value: ALLOWED_METHODS.join(", ") },
      "access-control-allow-headers": { value: "Range" },
      "access-control-max-age": { value: "600" },
      vary: { value: "Origin" },
    },
  };
}
