/**
 * Where CloudFront finds a request's signature: the query (`Policy`/`Expires`, `Signature`,
 * `Key-Pair-Id`, optionally `Hash-Algorithm`) when any of those parameters is present, otherwise the `CloudFront-*` cookies.
 * The signing parameters are removed from the URL the policy is matched against, as CloudFront
 * does; any other query parameters stay part of it.
 */

export interface SigningCredentials {
  from: "query" | "cookies";
  /** Custom policy, CloudFront base64. */
  policy?: string;
  /** Canned policy expiry, epoch seconds. */
  expires?: string;
  signature?: string;
  keyPairId?: string;
  /** `SHA256` for CloudFront's SHA-256 signatures; absent means SHA-1. */
  hashAlgorithm?: string;
}

export interface SignedRequest {
  /** Null when the request carries no signing parameter or cookie at all. */
  credentials: SigningCredentials | null;
  /** The raw path plus the query without signing parameters: what the policy's Resource must match. */
  unsignedTarget: string;
  /** The raw path alone (still percent-encoded). */
  path: string;
}

const QUERY_NAMES = {
  Policy: "policy",
  Expires: "expires",
  Signature: "signature",
  "Key-Pair-Id": "keyPairId",
  "Hash-Algorithm": "hashAlgorithm",
} as const;
const COOKIE_NAMES = {
  "CloudFront-Policy": "policy",
  "CloudFront-Expires": "expires",
  "CloudFront-Signature": "signature",
  "CloudFront-Key-Pair-Id": "keyPairId",
  "CloudFront-Hash-Algorithm": "hashAlgorithm",
} as const;

function decode(value: string): string | undefined {
  try {
    return decodeURIComponent(value.replace(/\+/g, " "));
  } catch {
    return undefined;
  }
}

function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const part of (header ?? "").split(";")) {
    const eq = part.indexOf("=");
    if (eq === -1) continue;
    const name = part.slice(0, eq).trim();
    // The first cookie of a name wins, as the most specific Path is sent first.
    if (!cookies.has(name)) cookies.set(name, part.slice(eq + 1).trim());
  }
  return cookies;
}

export function readSignedRequest(rawTarget: string, cookieHeader: string | undefined): SignedRequest {
  const q = rawTarget.indexOf("?");
  const path = q === -1 ? rawTarget : rawTarget.slice(0, q);
  const kept: string[] = [];
  const fromQuery: SigningCredentials = { from: "query" };
  let signedQuery = false;
  for (const pair of q === -1 ? [] : rawTarget.slice(q + 1).split("&")) {
    if (pair === "") continue;
    const eq = pair.indexOf("=");
    const name = decode(eq === -1 ? pair : pair.slice(0, eq));
    const field =
      name !== undefined && Object.hasOwn(QUERY_NAMES, name)
        ? QUERY_NAMES[name as keyof typeof QUERY_NAMES]
        : null;
    if (field === null) {
      kept.push(pair);
      continue;
    }
    signedQuery = true;
    fromQuery[field] = decode(eq === -1 ? "" : pair.slice(eq + 1));
  }
  const unsignedTarget = kept.length > 0 ? `${path}?${kept.join("&")}` : path;
  if (signedQuery) return { credentials: fromQuery, unsignedTarget, path };

  const cookies = parseCookies(cookieHeader);
  const fromCookies: SigningCredentials = { from: "cookies" };
  let signedCookies = false;
  for (const [cookie, field] of Object.entries(COOKIE_NAMES)) {
    const value = cookies.get(cookie);
    if (value === undefined) continue;
    signedCookies = true;
    fromCookies[field] = value;
  }
  return { credentials: signedCookies ? fromCookies : null, unsignedTarget, path };
}
