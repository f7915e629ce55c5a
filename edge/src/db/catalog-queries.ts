import { channels } from "@seeyoo/schema/db";
import type { PublicChannel } from "@seeyoo/schema/wire";
import { and, asc, eq } from "drizzle-orm";
import type { EdgeDatabase } from "./request-db.ts";

export const publicChannelColumns = {
  id: channels.id,
  slug: channels.slug,
  number: channels.number,
  name: channels.name,
  logoUrl: channels.logoUrl,
  category: channels.category,
  allowedCountries: channels.allowedCountries,
  restartAllowed: channels.restartAllowed,
  catchupHours: channels.catchupHours,
};

export function listActiveChannels(db: EdgeDatabase): Promise<PublicChannel[]> {
  return db
    .select(publicChannelColumns)
    .from(channels)
    .where(eq(channels.active, true))
    .orderBy(asc(channels.number));
}

/** What playback needs: where the stream lives, where it may be watched, and what it may be watched as. */
export async function findPlayableChannel(db: EdgeDatabase, id: string) {
  const [row] = await db
    .select({
      id: channels.id,
      hlsPath: channels.hlsPath,
      allowedCountries: channels.allowedCountries,
      restartAllowed: channels.restartAllowed,
      catchupHours: channels.catchupHours,
    })
    .from(channels)
    .where(and(eq(channels.id, id), eq(channels.active, true)))
    .limit(1);
  return row;
}
