/**
 * A viewer's favourite channels. Every function takes the user id from the verified token —
 * never from the request — so no path can reach another user's list.
 */
import { channels, favorites } from "@seeyoo/schema/db";
import { notFound, ProblemError, type PublicChannel } from "@seeyoo/schema/wire";
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

/**
 * Every change to one user's list runs in a transaction that first takes a lock on that user, so
 * concurrent writes (the same PUT sent ten times at once, two devices) queue instead of colliding
 * on the primary key or reading the same last position. A transaction-scoped advisory lock needs
 * no privilege on users (SELECT … FOR UPDATE would need UPDATE); the hash may put two users on one
 * lock, which only makes them wait for each other.
 */
const FAVORITES_LOCK_CLASS = 7_240_101;
async function lockUserList(tx: Pick<EdgeDatabase, "execute">, userId: string): Promise<void> {
  await tx.execute(sql`select pg_advisory_xact_lock(${FAVORITES_LOCK_CLASS}, hashtext(${userId}))`);
}

/**
 * A write that raced a deletion after the route's checks: the account (401, as the guard answers)
 * or a channel (404) is gone, and the foreign key said so. Anything else is rethrown.
 */
async function withForeignKeysExplained(write: Promise<void>): Promise<void> {
  try {
    await write;
  } catch (error) {
    // drizzle wraps the driver's error; the SQLSTATE is on it or on its cause.
    type PgError = { code?: string; constraint?: string; cause?: PgError };
    const pgError = error as PgError | undefined;
    const { code, constraint } = pgError?.code ? pgError : (pgError?.cause ?? {});
    if (code !== "23503") throw error;
    if (constraint?.includes("user_id"))
      throw new ProblemError(401, "unauthorized", "This account no longer exists");
    throw notFound("Channel");
  }
}

/** Adds at the end; adding an existing favourite changes nothing (idempotent). */
export async function add(db: EdgeDatabase, userId: string, channelId: string): Promise<void> {
  const adding = db.transaction(async (tx) => {
    await lockUserList(tx, userId);
    await tx.execute(sql`
      insert into ${favorites} (user_id, channel_id, position)
      select ${userId}, ${channelId}, coalesce(max(position) + 1, 0) from ${favorites} where user_id = ${userId}
      on conflict (user_id, channel_id) do nothing`);
  });
  await withForeignKeysExplained(adding);
}

export async function remove(db: EdgeDatabase, userId: string, channelId: string): Promise<void> {
  await db.delete(favorites).where(and(eq(favorites.userId, userId), eq(favorites.channelId, channelId)));
}

/** Replaces the whole list in the given order, atomically. */
export async function replace(db: EdgeDatabase, userId: string, channelIds: string[]): Promise<void> {
  const replacing = db.transaction(async (tx) => {
    await lockUserList(tx, userId);
    await tx.delete(favorites).where(eq(favorites.userId, userId));
    if (channelIds.length > 0) {
      await tx
        .insert(favorites)
        .values(channelIds.map((channelId, position) => ({ userId, channelId, position })));
    }
  });
  await withForeignKeysExplained(replacing);
}
