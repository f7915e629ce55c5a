/** A short, stable digest of what a cache key depends on (channel lists, search parameters). */
export async function keyDigest(text: string): Promise<string> {
  const bytes = await crypto.subtle.digest("SHA-1", new TextEncoder().encode(text));
  return [...new Uint8Array(bytes).slice(0, 10)].map((b) => b.toString(16).padStart(2, "0")).join("");
}
