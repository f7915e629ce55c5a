/**
 * A heartbeat's re-check of the viewing rights, before anything is re-signed: the channel is still
 * active, the viewer's country (now) is still allowed, and a restart or catch-up session's right
 * still holds. Read from the catalog's cached channel list — no Postgres round trip per heartbeat;
 * an admin's change bumps the catalog version, so the next heartbeat sees it.
 */
import { found } from "@seeyoo/schema/wire";
import type { CatalogService } from "../catalog/catalog-service.ts";
import { assertGeoAllowed } from "./geo-rules.ts";
import type { SessionRecord } from "./stream-sessions.ts";
import { assertRightHeld } from "./time-shift-plan.ts";

export async function assertStillWatchable(
  catalog: CatalogService,
  session: SessionRecord,
  country: string | null,
  nowMs: number,
): Promise<void> {
  const channel = found(await catalog.activeChannel(session.channelId), "Channel");
  assertGeoAllowed(channel.allowedCountries, country);
  const shift = session.timeShift;
  if (shift) assertRightHeld(shift.kind, shift.programmeStartMs, channel, nowMs);
}
