/**
 * A viewer's favourite channels. Every function takes the user id from the verified token —
 * never from the request — so no path can reach another user's list.
 */
import { channels, favorites } from "@seeyoo/schema/db";
import type { PublicChannel } from "@seeyoo/schema/wire";
import { and, asc, eq, inArray, sql } from "drizzle-orm";
import { publicChannelColumns } from "./catalog-queries.ts";
import type { EdgeDatabase } from "./request-db.ts";

export function list(db: EdgeDatabase, userId: string): Promise<PublicChannel[]> {
  return db
    .select(publicChannelColumns)
    .from(favorites)
    .innerJoin(channels, eq(channels.id, favorites.channelId))
    .where(and(eq(favorites.userId, userId), eq(channels.active, true)))
    .orderBy(asc(favorites.position), asc(favorites.createdAt));
}

/** Ids among `ids` that are not active channels. */
export async function unknownChannelIds(db: EdgeDatabase, ids: string[]): Promise<string[]> {
  if (ids.length === 0) return [];
  const found = await db
    .select({ id: channels.id })
    .from(channels)
    .where(and(inArray(channels.id, ids), eq(channels.active, true)));
  const known = new Set(found.map((r) => r.id));
  return ids.filter((id) => !known.has(id));
}

/** Adds at the end; adding an existing favourite changes nothing (idempotent). */
export async function add(db: EdgeDatabase, userId: string, channelId: string): Promise<void> {
  await db.execute(sql`
    insert into ${favorites} (user_id, channel_id, position)
    select ${userId}, ${channelId}, coalesce(max(position) + 1, 0) from ${favorites} where user_id = ${userId}
    on conflict (user_id, channel_id) do nothing`);
}

export async function remove(db: EdgeDatabase, userId: string, channelId: string): Promise<void> {
  await db.delete(favorites).where(and(eq(favorites.userId, userId), eq(favorites.channelId, channelId)));
}

/** Replaces the whole list in the given order, atomically. */
export async function replace(db: EdgeDatabase, userId: string, channelIds: string[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.delete(favorites).where(eq(favorites.userId, userId));
    if (channelIds.length > 0) {
      await tx
        .insert(favorites)
        .values(channelIds.map((channelId, position) => ({ userId, channelId, position })));
    }
  });
}
