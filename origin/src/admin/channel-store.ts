/**
 * The channel catalogue in Postgres, as the admin API sees it. A taken slug or number is a 409
 * naming the field, not a 500.
 */
import { type ChannelRow, channels } from "@seeyoo/schema/db";
import {
  type AdminChannel,
  type CreateChannelRequest,
  ProblemError,
  type UpdateChannelRequest,
} from "@seeyoo/schema/wire";
import { asc, eq, sql } from "drizzle-orm";
import { type Database, pgErrorCode } from "../db/database.ts";

function toAdminChannel(row: ChannelRow): AdminChannel {
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
    restartAllowed: row.restartAllowed,
    catchupHours: row.catchupHours,
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}

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

export async function listChannels(db: Database): Promise<AdminChannel[]> {
  const rows = await db.select().from(channels).orderBy(asc(channels.number));
  return rows.map(toAdminChannel);
}

export async function findChannel(db: Database, id: string): Promise<AdminChannel | undefined> {
  const [row] = await db.select().from(channels).where(eq(channels.id, id));
  return row && toAdminChannel(row);
}

export async function insertChannel(db: Database, channel: CreateChannelRequest): Promise<AdminChannel> {
  const [row] = await db.insert(channels).values(channel).returning().catch(conflictOnUnique);
  if (!row) throw new Error("channel insert returned nothing");
  return toAdminChannel(row);
}

/** The changed channel, or undefined when there is none with this id. */
export async function updateChannel(
  db: Database,
  id: string,
  changes: UpdateChannelRequest,
): Promise<AdminChannel | undefined> {
  const [row] = await db
    .update(channels)
    .set({ ...changes, updatedAt: sql`now()` })
    .where(eq(channels.id, id))
    .returning()
    .catch(conflictOnUnique);
  return row && toAdminChannel(row);
}

/** Whether a channel with this id existed (and is now gone). */
export async function deleteChannel(db: Database, id: string): Promise<boolean> {
  const rows = await db.delete(channels).where(eq(channels.id, id)).returning({ id: channels.id });
  return rows.length > 0;
}
