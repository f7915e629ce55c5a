/**
 * Test-side CloudFront helpers (run inside workerd): decode CloudFront base64, verify a signature
 * with the test key pair's PUBLIC key — an independent check of what the Worker signed with the
 * private one — and read Set-Cookie headers into name → value + attributes.
 */
import { context } from "./worker-harness.ts";

export const cloudfront = {
  keyPairId: context.bindings.CLOUDFRONT_KEY_PAIR_ID ?? "",
  privateKey: context.bindings.CLOUDFRONT_PRIVATE_KEY ?? "",
  cdnBaseUrl: context.bindings.CDN_BASE_URL ?? "",
};

export function fromCloudFrontBase64(value: string): Uint8Array<ArrayBuffer> {
  const binary = atob(value.replace(/-/g, "+").replace(/_/g, "=").replace(/~/g, "/"));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

let publicKey: Promise<CryptoKey> | undefined;

export async function verifiesWithPublicKey(policyJson: string, signature: string): Promise<boolean> {
  publicKey ??= crypto.subtle.importKey(
    "spki",
    fromCloudFrontBase64(
      context.cloudfrontPublicKeyPem.replace(/-----[A-Z ]+-----/g, "").replace(/\s+/g, ""),
    ),
    { name: "RSASSA-PKCS1-v1_5", hash: "SHA-1" },
    false,
    ["verify"],
  );
  return crypto.subtle.verify(
    "RSASSA-PKCS1-v1_5",
    await publicKey,
    fromCloudFrontBase64(signature),
    new TextEncoder().encode(policyJson),
  );
}

export interface ParsedCookie {
  value: string;
  /** Attribute names lower-cased; flags map to true. */
  attributes: Record<string, string | true>;
}

export function parseSetCookies(headers: Headers): Map<string, ParsedCookie> {
  const cookies = new Map<string, ParsedCookie>();
  for (const header of headers.getSetCookie()) {
    const [pair = "", ...attrs] = header.split(";").map((part) => part.trim());
    const eq = pair.indexOf("=");
    const attributes: Record<string, string | true> = {};
    for (const attr of attrs) {
      const i = attr.indexOf("=");
      if (i === -1) attributes[attr.toLowerCase()] = true;
      else attributes[attr.slice(0, i).toLowerCase()] = attr.slice(i + 1);
    }
    cookies.set(pair.slice(0, eq), { value: pair.slice(eq + 1), attributes });
  }
  return cookies;
}

/** The policy JSON a Set-Cookie CloudFront-Policy (or a Policy query parameter) carries. */
export const decodePolicy = (encoded: string) => new TextDecoder().decode(fromCloudFrontBase64(encoded));
