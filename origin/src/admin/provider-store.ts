/**
 * EPG providers and their API keys. A key is shown once, at creation; only its SHA-256 is stored,
 * so lookups are by hash. Revoking keeps the row (its ingest history refers to it) and releases
 * its channel assignments.
 */
import { randomBytes } from "node:crypto";
import { type EpgProviderRow, epgProviders, providerChannels } from "@seeyoo/schema/db";
import type { CreatedProvider, Provider } from "@seeyoo/schema/wire";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import { sha256Hex } from "../auth/token-hash.ts";
import type { Database } from "../db/database.ts";

const KEY_PREFIX = "sk_epg_";

/** A provider as an authenticated ingest request knows it. */
export interface IngestProvider {
  id: string;
  name: string;
}

const toProvider = (row: EpgProviderRow): Provider => ({
  id: row.id,
  name: row.name,
  apiKeyPrefix: row.apiKeyPrefix,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export async function listProviders(db: Database): Promise<Provider[]> {
  const rows = await db.select().from(epgProviders).orderBy(asc(epgProviders.createdAt));
  return rows.map(toProvider);
}

/** A new provider with a new key — the only time the key exists outside its owner's hands. */
export async function createProvider(db: Database, name: string): Promise<CreatedProvider> {
  const apiKey = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
  const [row] = await db
    .insert(epgProviders)
    .values({ name, apiKeyHash: sha256Hex(apiKey), apiKeyPrefix: apiKey.slice(0, KEY_PREFIX.length + 6) })
    .returning();
  if (!row) throw new Error("provider insert returned nothing");
  return { id: row.id, name: row.name, apiKey };
}

/**
 * Revokes the provider's key (again is fine) and releases its channels, so that they can be
 * assigned to the provider that replaces it; false when there is no such provider.
 */
export async function revokeProvider(db: Database, id: string): Promise<boolean> {
  return db.transaction(async (tx) => {
    const rows = await tx
      .update(epgProviders)
      .set({ revokedAt: sql`coalesce(${epgProviders.revokedAt}, now())` })
      .where(eq(epgProviders.id, id))
      .returning({ id: epgProviders.id });
    await tx.delete(providerChannels).where(eq(providerChannels.providerId, id));
    return rows.length > 0;
  });
}

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
