/**
 * The signed policy as query parameters, for players that cannot send cookies. Parameter order
 * and encoding follow AWS's `getSignedUrl`, so both produce the same URL for the same policy.
 */
import type { SignedPolicy } from "./cloudfront-signer.ts";

const encode = (value: string) =>
  encodeURIComponent(value).replace(/[!'()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);

export function withSignedQuery(url: string, signed: SignedPolicy): string {
  const query = [
    ["Policy", signed.policy],
    ["Key-Pair-Id", signed.keyPairId],
    ["Signature", signed.signature],
  ]
    .map(([name, value]) => `${name}=${encode(value as string)}`)
    .join("&");
  return `${url}${url.includes("?") ? "&" : "?"}${query}`;
}
