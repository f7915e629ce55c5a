/**
 * The viewer's address on the edge → origin hop. A Worker's subrequest reaches the origin from a
 * Cloudflare address (that is what CF-Connecting-IP then says), so the edge names the viewer in a
 * header of its own, together with a secret both sides share (EDGE_ORIGIN_SECRET). The origin
 * believes the header only when the secret matches, compared in constant time; anyone else
 * sending it is ignored and counted by their own address.
 */

export const FORWARDED_CLIENT_HEADER = "x-seeyoo-client-ip";
export const EDGE_SECRET_HEADER = "x-seeyoo-edge-secret";

const MAX_ADDRESS_LENGTH = 64;

/** The headers the edge adds to a request it forwards for `clientAddress`. */
export const forwardedClientHeaders = (clientAddress: string, secret: string): Record<string, string> => ({
  [FORWARDED_CLIENT_HEADER]: clientAddress.slice(0, MAX_ADDRESS_LENGTH),
  [EDGE_SECRET_HEADER]: secret,
});

async function digest(text: string): Promise<Uint8Array> {
  return new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
}

/** Equal strings, in time that depends on neither (their SHA-256 digests are compared in full). */
export async function constantTimeEqual(a: string, b: string): Promise<boolean> {
  const [x, y] = await Promise.all([digest(a), digest(b)]);
  let difference = 0;
  for (let i = 0; i < x.length; i++) difference |= (x[i] as number) ^ (y[i] as number);
  return difference === 0;
}

/** The address the edge forwarded, when it came with the right secret; null otherwise. */
export async function trustedForwardedClient(
  header: (name: string) => string | undefined,
  secret: string | null,
): Promise<string | null> {
  const address = header(FORWARDED_CLIENT_HEADER);
  const presented = header(EDGE_SECRET_HEADER);
  if (!secret || !address || presented === undefined) return null;
  if (!(await constantTimeEqual(presented, secret))) return null;
  return address.slice(0, MAX_ADDRESS_LENGTH);
}
