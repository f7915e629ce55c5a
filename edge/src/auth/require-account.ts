import { accessTokenGuard, type TokenHolder } from "@seeyoo/http";
import { ProblemError } from "@seeyoo/schema/wire";
import type { Context } from "hono";
import type { EdgeEnv } from "../edge-env.ts";
import { verifyViewerToken } from "./require-viewer.ts";

/**
 * Signed-in routes that act on the account (changing favourites, starting and keeping up
 * playback): a valid access token, as `requireViewer` checks it, whose account still exists. A
 * token outlives a deleted account by up to its lifetime; such a token is refused with the same
 * 401 as any invalid one (RFC 6750 `invalid_token`), never a 500 from a foreign key.
 *
 * "Exists" is read through the per-user cache tier (`services.viewer.account`): one Redis round
 * trip when the entry is there, Postgres only on a miss. An entry lives at most the user tier's TTL
 * (120 s), so a deleted account is refused within that. Reads of the viewer's own data (GET
 * /v1/me, favourites) need no guard of this kind: they answer 401 themselves.
 */
async function holderWithAccount(
  token: string,
  c: Context<EdgeEnv>,
  whenUnknown: "refuse" | "trust-token",
): Promise<TokenHolder | null> {
  const holder = await verifyViewerToken(token, c);
  if (!holder) return null;
  try {
    await c.var.services.viewer.account(holder.id);
    return holder;
  } catch (error) {
    if (error instanceof ProblemError && error.status === 401) return null;
    // Postgres unreachable and no cached entry: only the heartbeat's variant takes the token's word.
    if (whenUnknown === "trust-token" && error instanceof ProblemError && error.status === 503) return holder;
    throw error;
  }
}

export const requireAccount = accessTokenGuard<EdgeEnv, "viewer">("viewer", (token, c) =>
  holderWithAccount(token, c, "refuse"),
);

/**
 * Heartbeats and stops of a stream session: as `requireAccount`, except that when the database
 * cannot say whether the account exists, the token's word is taken — the session exists only
 * because a checked start created it, and viewers keep watching through a database outage.
 */
export const requireLiveAccount = accessTokenGuard<EdgeEnv, "viewer">("viewer", (token, c) =>
  holderWithAccount(token, c, "trust-token"),
);
