/**
 * EPG providers authenticate ingest requests with their API key (`Authorization: Bearer sk_epg_…`).
 * Only the key's SHA-256 is stored, so lookup is by hash; a revoked or unknown key is a 401.
 */
import { epgProviders } from "@seeyoo/schema/db";
import { ProblemError } from "@seeyoo/schema/wire";
import { and, eq, isNull } from "drizzle-orm";
import type { MiddlewareHandler } from "hono";
import { sha256Hex } from "../auth/token-hash.ts";
import type { Database } from "../db/database.ts";
import type { AppEnv } from "../services.ts";

export interface IngestProvider {
  id: string;
  name: string;
}

export type IngestEnv = AppEnv & { Variables: AppEnv["Variables"] & { provider: IngestProvider } };

/** The provider an ingest API key belongs to, if the key is valid and not revoked. */
export async function findActiveProviderByKey(
  db: Database,
  apiKey: string,
): Promise<IngestProvider | undefined> {
  const [row] = await db
    .select({ id: epgProviders.id, name: epgProviders.name })
    .from(epgProviders)
    .where(and(eq(epgProviders.apiKeyHash, sha256Hex(apiKey)), isNull(epgProviders.revokedAt)));
  return row;
}

const unauthorized = (title: string, error?: string) =>
  new ProblemError(401, "unauthorized", title, {
    headers: {
      "www-authenticate": error
        ? `Bearer realm="seeyoo-ingest", error="${error}"`
        : `Bearer realm="seeyoo-ingest"`,
    },
  });

export const requireProvider: MiddlewareHandler<IngestEnv> = async (c, next) => {
  const match = /^Bearer (\S+)$/.exec(c.req.header("authorization") ?? "");
  if (!match?.[1]) throw unauthorized("Send the provider API key as a Bearer token");
  const provider = await findActiveProviderByKey(c.var.services.db, match[1]);
  if (!provider) throw unauthorized("The API key is unknown or revoked", "invalid_token");
  c.set("provider", provider);
  await next();
};
