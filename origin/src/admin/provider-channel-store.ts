/**
 * provider_channels: which of our channels each EPG provider may write, under the provider's own
 * id for it. One channel belongs to at most one provider at a time (a unique index), and one
 * provider id names one channel of that provider (the primary key); either clash is a 409 naming
 * the field. Ingestion reads a provider's assignments through `assignedChannels`.
 */
import { channels, epgProviders, providerChannels } from "@seeyoo/schema/db";
import { ProblemError, type ProviderChannel } from "@seeyoo/schema/wire";
import { and, asc, eq } from "drizzle-orm";
import { type Database, pgErrorCode, type Queryable } from "../db/database.ts";

const assignmentColumns = {
  channelId: providerChannels.channelId,
  providerChannelId: providerChannels.providerChannelId,
  slug: channels.slug,
  name: channels.name,
  assignedAt: providerChannels.createdAt,
};

type AssignmentRow = Omit<ProviderChannel, "assignedAt"> & { assignedAt: Date };
const toProviderChannel = (row: AssignmentRow): ProviderChannel => ({
  ...row,
  assignedAt: row.assignedAt.toISOString(),
});

/** The provider's channels by our slug, or undefined when there is no such provider. */
export async function listAssignments(
  db: Database,
  providerId: string,
): Promise<ProviderChannel[] | undefined> {
  if (!(await providerState(db, providerId))) return undefined;
  const rows = await db
    .select(assignmentColumns)
    .from(providerChannels)
    .innerJoin(channels, eq(channels.id, providerChannels.channelId))
    .where(eq(providerChannels.providerId, providerId))
    .orderBy(asc(channels.slug));
  return rows.map(toProviderChannel);
}

export interface AssignOutcome {
  assignment: ProviderChannel;
  /** True when the channel was not assigned before (false: kept, or its provider id renamed). */
  created: boolean;
}

/**
 * Assigns our channel to the provider under `providerChannelId`, or renames the provider's id
 * of a channel it already has. Undefined when the provider or the channel does not exist.
 */
export async function assignChannel(
  db: Database,
  providerId: string,
  channelId: string,
  providerChannelId: string,
): Promise<AssignOutcome | undefined> {
  const state = await providerState(db, providerId);
  if (!state) return undefined;
  if (state === "revoked") {
    throw new ProblemError(409, "conflict", "The provider is revoked", {
      detail: "A revoked provider cannot post; create a new provider and assign the channel to it",
    });
  }
  return db.transaction(async (tx) => {
    // Locked against deletion until the assignment is written.
    const [channel] = await tx
      .select({ id: channels.id })
      .from(channels)
      .where(eq(channels.id, channelId))
      .for("key share");
    if (!channel) return undefined;
    const [current] = await tx
      .select({
        providerId: providerChannels.providerId,
        providerChannelId: providerChannels.providerChannelId,
      })
      .from(providerChannels)
      .where(eq(providerChannels.channelId, channelId))
      .for("update");
    if (!current) {
      // A concurrent assignment of the same channel loses on the unique index: a 409, not a 500.
      await tx
        .insert(providerChannels)
        .values({ providerId, channelId, providerChannelId })
        .catch(conflictOnUnique);
    } else if (current.providerId !== providerId) {
      throw channelTaken();
    } else if (current.providerChannelId !== providerChannelId) {
      await tx
        .update(providerChannels)
        .set({ providerChannelId })
        .where(eq(providerChannels.channelId, channelId))
        .catch(conflictOnUnique);
    }
    const [row] = await tx
      .select(assignmentColumns)
      .from(providerChannels)
      .innerJoin(channels, eq(channels.id, providerChannels.channelId))
      .where(eq(providerChannels.channelId, channelId));
    if (!row) throw new Error("assignment vanished inside its transaction");
    return { assignment: toProviderChannel(row), created: !current };
  });
}

/** Whether the channel was assigned to the provider (and no longer is). */
export async function unassignChannel(db: Database, providerId: string, channelId: string): Promise<boolean> {
  const rows = await db
    .delete(providerChannels)
    .where(and(eq(providerChannels.providerId, providerId), eq(providerChannels.channelId, channelId)))
    .returning({ channelId: providerChannels.channelId });
  return rows.length > 0;
}

/** The provider's assignments as ingestion uses them: its own channel id → our channel's id. */
export async function assignedChannels(db: Queryable, providerId: string): Promise<Map<string, string>> {
  const { rows } = await db.query<{ provider_channel_id: string; channel_id: string }>(
    "select provider_channel_id, channel_id from provider_channels where provider_id = $1",
    [providerId],
  );
  return new Map(rows.map((r) => [r.provider_channel_id, r.channel_id]));
}

async function providerState(db: Database, providerId: string): Promise<"active" | "revoked" | undefined> {
  const [row] = await db
    .select({ revokedAt: epgProviders.revokedAt })
    .from(epgProviders)
    .where(eq(epgProviders.id, providerId));
  if (!row) return undefined;
  return row.revokedAt ? "revoked" : "active";
}

function channelTaken(): ProblemError {
  return new ProblemError(409, "conflict", "The channel is assigned to another provider", {
    detail: "Unassign it there first: one channel has one provider at a time",
    errors: [{ field: "channelId", message: "is assigned to another provider" }],
  });
}

function conflictOnUnique(error: unknown): never {
  if (pgErrorCode(error) === "23505") {
    const constraint = String((error as { cause?: { constraint?: string } }).cause?.constraint ?? "");
    if (constraint === "provider_channels_channel_key") throw channelTaken();
    throw new ProblemError(409, "conflict", "The provider already uses this id for another channel", {
      errors: [{ field: "providerChannelId", message: "is already assigned to another of its channels" }],
    });
  }
  throw error;
}
