/**
 * Signed-in devices: a user's refresh-token families that can still refresh — not revoked, not
 * past their absolute lifetime, and holding an unexpired token not yet rotated. Every query is
 * scoped by the user's id, so another account's device is simply not found. Signing a device out
 * revokes its family: its next refresh fails; an access token it holds lives out its short life.
 */
import { refreshTokenFamilies } from "@seeyoo/schema/db";
import { sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import type { Executor } from "./refresh-tokens.ts";

export interface DeviceRow {
  id: string;
  name: string;
  createdAt: Date;
  lastUsedAt: Date;
}

const active = sql`f.revoked_at is null and f.expires_at > now() and exists (
  select 1 from refresh_tokens t
  where t.family_id = f.id and t.rotated_at is null and t.expires_at > now())`;

export async function listDevices(db: Database, userId: string): Promise<DeviceRow[]> {
  const result = await db.execute<{ id: string; name: string; created_at: Date; last_used_at: Date }>(sql`
    select f.id, f.device_name as name, f.created_at, f.last_used_at
    from ${refreshTokenFamilies} f
    where f.user_id = ${userId} and ${active}
    order by f.last_used_at desc, f.created_at desc, f.id`);
  return result.rows.map((r) => ({
    id: r.id,
    name: r.name,
    createdAt: new Date(r.created_at),
    lastUsedAt: new Date(r.last_used_at),
  }));
}

/** Signs out one of the user's devices; false when the user has no such signed-in device. */
export async function signOutDevice(db: Database, userId: string, deviceId: string): Promise<boolean> {
  const result = await db.execute(sql`
    update ${refreshTokenFamilies} f set revoked_at = now(), revoked_reason = 'signed-out'
    where f.id = ${deviceId} and f.user_id = ${userId} and ${active}`);
  return (result.rowCount ?? 0) > 0;
}

/** Signs out every device of the user but `keepDeviceId`; returns how many. */
export async function signOutOtherDevices(
  executor: Executor,
  userId: string,
  keepDeviceId: string,
  reason: "signed-out" | "password-change",
): Promise<number> {
  const result = await executor.execute(sql`
    update ${refreshTokenFamilies} f set revoked_at = now(), revoked_reason = ${reason}
    where f.user_id = ${userId} and f.id <> ${keepDeviceId} and ${active}`);
  return result.rowCount ?? 0;
}
