/**
 * /v1/admin/providers — EPG providers and their API keys (admin only). A key is shown once, at
 * creation; only its SHA-256 is stored. Deleting a provider revokes its key (the row and its
 * ingest history stay).
 */
import { randomBytes } from "node:crypto";
import { type EpgProviderRow, epgProviders } from "@seeyoo/schema/db";
import { CreateProviderRequest, IdParams, notFound, type Provider } from "@seeyoo/schema/wire";
import { asc, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { sha256Hex } from "../auth/token-hash.ts";
import { jsonBody, params } from "../http/validate.ts";
import type { AppEnv } from "../services.ts";

const KEY_PREFIX = "sk_epg_";

const toProvider = (row: EpgProviderRow): Provider => ({
  id: row.id,
  name: row.name,
  apiKeyPrefix: row.apiKeyPrefix,
  createdAt: row.createdAt.toISOString(),
  revokedAt: row.revokedAt?.toISOString() ?? null,
});

export const providerRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const rows = await c.var.services.db.select().from(epgProviders).orderBy(asc(epgProviders.createdAt));
    return c.json({ providers: rows.map(toProvider) });
  })
  .post("/", async (c) => {
    const { name } = await jsonBody(c, CreateProviderRequest);
    const apiKey = `${KEY_PREFIX}${randomBytes(32).toString("base64url")}`;
    const [row] = await c.var.services.db
      .insert(epgProviders)
      .values({ name, apiKeyHash: sha256Hex(apiKey), apiKeyPrefix: apiKey.slice(0, KEY_PREFIX.length + 6) })
      .returning();
    if (!row) throw new Error("provider insert returned nothing");
    c.header("cache-control", "no-store");
    return c.json({ id: row.id, name: row.name, apiKey }, 201);
  })
  .delete("/:id", async (c) => {
    const { id } = params(c, IdParams);
    const db = c.var.services.db;
    const [row] = await db
      .update(epgProviders)
      .set({ revokedAt: sql`coalesce(${epgProviders.revokedAt}, now())` })
      .where(eq(epgProviders.id, id))
      .returning({ id: epgProviders.id });
    if (!row) throw notFound("Provider");
    return c.body(null, 204);
  });
