/**
 * CloudFront custom policies. The JSON is built exactly as AWS's own signer builds it
 * (`@aws-sdk/cloudfront-signer`): same key order, no whitespace, epoch seconds as a number —
 * the signature covers these bytes, so any difference would be a different policy.
 */

/** A policy granting `resource` (may end in `*`) until `expiresAtEpochSeconds` (exclusive). */
export function customPolicy(resource: string, expiresAtEpochSeconds: number): string {
  return JSON.stringify({
    Statement: [
      { Resource: resource, Condition: { DateLessThan: { "AWS:EpochTime": expiresAtEpochSeconds } } },
    ],
  });
}

/**
 * Percent-encodes each segment of a URL path the way AWS's signer normalises the URL it signs
 * (already-encoded segments stay as they are), so the URL we hand out is the one the policy names.
 */
export function encodePath(path: string): string {
  return path.replace(/[^/]+/g, (segment) => {
    try {
      return encodeURIComponent(decodeURIComponent(segment));
    } catch {
      return encodeURIComponent(segment);
    }
  });
}
