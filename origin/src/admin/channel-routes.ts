/** /v1/admin/channels — the channel catalogue (admin only). Changes invalidate the edge's catalog cache. */

import { type ChannelRow, channels } from "@seeyoo/schema/db";
import {
  type AdminChannel,
  CreateChannelRequest,
  IdParams,
  notFound,
  ProblemError,
  UpdateChannelRequest,
} from "@seeyoo/schema/wire";
import { asc, eq, sql } from "drizzle-orm";
import { Hono } from "hono";
import { pgErrorCode } from "../db/database.ts";
import { jsonBody, params } from "../http/validate.ts";
import type { AppEnv } from "../services.ts";

export function toAdminChannel(row: ChannelRow): AdminChannel {
  return {
    id: row.id,
    slug: row.slug,
    number: row.number,
    name: row.name,
    logoUrl: row.logoUrl,
    hlsPath: row.hlsPath,
    category: row.category,
    allowedCountries: row.allowedCountries,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

/** Unique slug or number taken → 409 naming the field, instead of a 500. */
function conflictOnUnique(error: unknown): never {
  if (pgErrorCode(error) === "23505") {
    const text = String((error as { cause?: { constraint?: string } }).cause?.constraint ?? error);
    const field = text.includes("number") ? "number" : "slug";
    throw new ProblemError(409, "conflict", `A channel with this ${field} already exists`, {
      errors: [{ field, message: "is already taken" }],
    });
  }
  throw error;
}

export const channelRoutes = new Hono<AppEnv>()
  .get("/", async (c) => {
    const rows = await c.var.services.db.select().from(channels).orderBy(asc(channels.number));
    return c.json({ channels: rows.map(toAdminChannel) });
  })
  .post("/", async (c) => {
    const s = c.var.services;
    const body = await jsonBody(c, CreateChannelRequest);
    const [row] = await s.db.insert(channels).values(body).returning().catch(conflictOnUnique);
    if (!row) throw new Error("channel insert returned nothing");
    await s.cache.bumpCatalog();
    return c.json(toAdminChannel(row), 201);
  })
  .get("/:id", async (c) => {
    const { id } = params(c, IdParams);
    const [row] = await c.var.services.db.select().from(channels).where(eq(channels.id, id));
    if (!row) throw notFound("Channel");
    return c.json(toAdminChannel(row));
  })
  .patch("/:id", async (c) => {
    const s = c.var.services;
    const { id } = params(c, IdParams);
    const body = await jsonBody(c, UpdateChannelRequest);
    const [row] = await s.db
      .update(channels)
      .set({ ...body, updatedAt: sql`now()` })
      .where(eq(channels.id, id))
      .returning()
      .catch(conflictOnUnique);
    if (!row) throw notFound("Channel");
    await s.cache.bumpCatalog();
    return c.json(toAdminChannel(row));
  })
  .delete("/:id", async (c) => {
    const s = c.var.services;
    const { id } = params(c, IdParams);
    const [row] = await s.db.delete(channels).where(eq(channels.id, id)).returning({ id: channels.id });
    if (!row) throw notFound("Channel");
    await Promise.all([s.cache.bumpCatalog(), s.cache.bumpChannels([id])]);
    return c.body(null, 204);
  });
