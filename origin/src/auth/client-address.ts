/**
 * Whose request this is, as the rate limits count clients: the viewer's address the edge forwarded
 * (with the shared secret), else the header a trusted proxy sets (CLIENT_IP_HEADER: production
 * sets `cf-connecting-ip`, as only Cloudflare reaches the origin), else the TCP peer — grouped into
 * its client network (an IPv6 /64, an IPv4 address).
 */
import { getConnInfo } from "@hono/node-server/conninfo";
import { clientNetwork, trustedForwardedClient } from "@seeyoo/http";
import type { Context } from "hono";
import type { AppEnv } from "../services.ts";

function peerAddress<E extends AppEnv>(c: Context<E>): string | undefined {
  try {
    return getConnInfo(c).remote.address;
  } catch {
    return undefined; // not served by @hono/node-server (app.request in a script): no peer known
  }
}

export async function clientNetworkOf<E extends AppEnv>(c: Context<E>): Promise<string> {
  const { header, edgeSecret } = c.var.services.config.clientAddress;
  const forwarded = await trustedForwardedClient((name) => c.req.header(name), edgeSecret);
  if (forwarded) return clientNetwork(forwarded);
  const fromProxy = header ? c.req.header(header) : undefined;
  return clientNetwork(fromProxy ?? peerAddress(c));
}
