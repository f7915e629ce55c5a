/**
 * Forwarding a viewer's request to the origin (the account API and the devices it owns): the
 * request id, the viewer's address with the shared secret (EDGE_ORIGIN_SECRET — the origin trusts
 * the address only with it), and only the request headers the caller names; back come the
 * status, the body and only the headers a client may see (Set-Cookie included, for the refresh
 * cookie). Nothing else the viewer sent reaches the origin: a forged forwarding header stays
 * behind. An unreachable origin is a 503 with Retry-After.
 */
import { forwardedClientHeaders } from "@seeyoo/http";
import { ProblemError } from "@seeyoo/schema/wire";
import type { Context } from "hono";
import type { EdgeEnv } from "../edge-env.ts";

const RETURNED_HEADERS = ["content-type", "cache-control", "retry-after", "www-authenticate"];

export interface ForwardOptions {
  /** Headers of the viewer's request to pass on, by name. */
  pass: readonly string[];
  /** Headers the edge adds itself (e.g. the one cookie the origin may see). */
  add?: Record<string, string>;
  body?: string | null;
}

export async function forwardToOrigin(c: Context<EdgeEnv>, options: ForwardOptions): Promise<Response> {
  const { settings } = c.var;
  const headers = new Headers({ "x-request-id": c.var.requestId, ...options.add });
  const viewer = c.req.header("cf-connecting-ip");
  if (viewer && settings.edgeOriginSecret) {
    for (const [name, value] of Object.entries(forwardedClientHeaders(viewer, settings.edgeOriginSecret))) {
      headers.set(name, value);
    }
  }
  for (const name of options.pass) {
    const value = c.req.header(name);
    if (value) headers.set(name, value);
  }
  let upstream: Response;
  try {
    upstream = await fetch(`${settings.originUrl}${c.req.path}`, {
      method: c.req.method,
      headers,
      body: options.body || null,
    });
  } catch {
    throw new ProblemError(503, "unavailable", "The account service is temporarily unavailable", {
      headers: { "retry-after": "5" },
    });
  }
  const out = new Headers();
  for (const name of RETURNED_HEADERS) {
    const value = upstream.headers.get(name);
    if (value) out.set(name, value);
  }
  for (const cookie of upstream.headers.getSetCookie()) out.append("set-cookie", cookie);
  return new Response(upstream.body, { status: upstream.status, headers: out });
}
