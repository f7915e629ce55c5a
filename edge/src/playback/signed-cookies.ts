/**
 * CloudFront signed cookies for one channel. Scoped by `Path` to the channel's folder, so a
 * player holding cookies for several channels sends each CDN request only the matching set.
 */
import type { SignedPolicy } from "./cloudfront-signer.ts";

export interface CookieScope {
  /** The channel's folder on the CDN, ending in `/`. */
  path: string;
  maxAgeSeconds: number;
  /** False only for a plain-http CDN (local development), where a Secure cookie would be dropped. */
  secure: boolean;
  /** Shared parent domain of the API and the CDN, or undefined for a host-only cookie. */
  domain?: string;
}

export function signedCookieHeaders(signed: SignedPolicy, scope: CookieScope): string[] {
  const attributes = [
    ...(scope.domain ? [`Domain=${scope.domain}`] : []),
    `Path=${scope.path}`,
    `Max-Age=${scope.maxAgeSeconds}`,
    ...(scope.secure ? ["Secure"] : []),
    "HttpOnly",
    // Cross-site players (web player on another host) need None, which browsers allow only with Secure.
    `SameSite=${scope.secure ? "None" : "Lax"}`,
  ].join("; ");
  const cookies: [string, string][] = [
    ["CloudFront-Policy", signed.policy],
    ["CloudFront-Signature", signed.signature],
    ["CloudFront-Key-Pair-Id", signed.keyPairId],
  ];
  return cookies.map(([name, value]) => `${name}=${value}; ${attributes}`);
}

/**
 * The Domain attribute that lets cookies set by the API reach the CDN: their longest common
 * parent domain of at least two labels (api.seeyoo.tv + cdn.seeyoo.tv → seeyoo.tv). Same host,
 * IP addresses, or nothing in common → host-only cookies (players can use the signed query).
 */
export function sharedCookieDomain(apiHost: string, cdnHost: string): string | undefined {
  const isIp = (host: string) => /^[\d.]+$/.test(host) || host.includes(":");
  if (apiHost === cdnHost || isIp(apiHost) || isIp(cdnHost)) return undefined;
  const a = apiHost.toLowerCase().split(".").reverse();
  const b = cdnHost.toLowerCase().split(".").reverse();
  const common: string[] = [];
  for (let i = 0; i < Math.min(a.length, b.length) && a[i] === b[i]; i++) common.push(a[i] as string);
  return common.length >= 2 ? common.reverse().join(".") : undefined;
}
