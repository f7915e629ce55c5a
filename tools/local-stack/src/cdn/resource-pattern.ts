/**
 * How CloudFront matches a policy's Resource against a request URL (without its signing
 * parameters): `*` is any run of characters (slashes and `?` included), `?` exactly one character.
 * Web-standard code, so the edge's tests can prove their grants against the same rule.
 */
export function resourceMatches(pattern: string, url: string): boolean {
  const regex = pattern
    .split("")
    .map((ch) => (ch === "*" ? ".*" : ch === "?" ? "." : ch.replace(/[\\^$.|+()[\]{}]/g, "\\$&")))
    .join("");
  return new RegExp(`^${regex}$`, "s").test(url);
}
