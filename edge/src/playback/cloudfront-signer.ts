/**
 * Signs CloudFront policies inside the Worker with WebCrypto, per CloudFront's specification:
 * RSASSA-PKCS1-v1_5 with SHA-1 over the policy bytes, then base64 made URL- and cookie-safe
 * (`+`→`-`, `=`→`_`, `/`→`~`). The PEM (PKCS#8) is imported once per isolate and cached by its
 * text, so a rotated key is picked up without a restart.
 */

export interface CloudFrontCredentials {
  keyPairId: string;
  privateKeyPem: string;
}

/** What CloudFront needs to accept a custom policy, as cookies or as query parameters. */
export interface SignedPolicy {
  /** The policy JSON in CloudFront base64. */
  policy: string;
  signature: string;
  keyPairId: string;
}

const encoder = new TextEncoder();
const MAX_CACHED_KEYS = 4;
const importedKeys = new Map<string, Promise<CryptoKey>>();

export function cloudFrontBase64(bytes: Uint8Array): string {
  let binary = "";
  for (const byte of bytes) binary += String.fromCharCode(byte);
  return btoa(binary).replace(/[+=/]/g, (ch) => (ch === "+" ? "-" : ch === "=" ? "_" : "~"));
}

function pkcs8Der(pem: string): Uint8Array<ArrayBuffer> {
  const match = /-----BEGIN PRIVATE KEY-----([\s\S]+?)-----END PRIVATE KEY-----/.exec(pem);
  if (!match?.[1]) throw new Error("CLOUDFRONT_PRIVATE_KEY must be a PKCS#8 PEM (BEGIN PRIVATE KEY)");
  const binary = atob(match[1].replace(/\s+/g, ""));
  return Uint8Array.from(binary, (ch) => ch.charCodeAt(0));
}

function signingKey(pem: string): Promise<CryptoKey> {
  let key = importedKeys.get(pem);
  if (!key) {
    if (importedKeys.size >= MAX_CACHED_KEYS) importedKeys.clear();
    key = crypto.subtle.importKey(
      "pkcs8",
      pkcs8Der(pem),
      { name: "RSASSA-PKCS1-v1_5", hash: "SHA-1" },
      false,
      ["sign"],
    );
    importedKeys.set(pem, key);
    // A key that fails to import must not stay cached as a rejected promise.
    key.catch(() => importedKeys.delete(pem));
  }
  return key;
}

export async function signPolicy(
  policyJson: string,
  credentials: CloudFrontCredentials,
): Promise<SignedPolicy> {
  const bytes = encoder.encode(policyJson);
  const key = await signingKey(credentials.privateKeyPem);
  const signature = await crypto.subtle.sign("RSASSA-PKCS1-v1_5", key, bytes);
  return {
    policy: cloudFrontBase64(bytes),
    signature: cloudFrontBase64(new Uint8Array(signature)),
    keyPairId: credentials.keyPairId,
  };
}
