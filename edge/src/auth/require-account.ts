import { accessTokenGuard } from "@seeyoo/http";
import { accountExists } from "../db/user-queries.ts";
import type { EdgeEnv } from "../edge-env.ts";
import { verifyViewerToken } from "./require-viewer.ts";

/**
 * Signed-in routes that act on the account in Postgres (favourites, /v1/me, starting playback): a
 * valid access token, as `requireViewer` checks it, whose account still exists. A token outlives
 * a deleted account by up to its lifetime; such a token is refused with the same 401 as any
 * invalid one (RFC 6750 `invalid_token`), never a 500 from a foreign key. Routes that only touch
 * Redis (heartbeats) keep the cheaper `requireViewer`: they serve sessions that a checked start
 * created, and only until the token expires.
 */
export const requireAccount = accessTokenGuard<EdgeEnv, "viewer">("viewer", async (token, c) => {
  const holder = await verifyViewerToken(token, c);
  if (!holder) return null;
  return (await c.var.services.db.run((db) => accountExists(db, holder.id))) ? holder : null;
});
