/**
 * Refresh tokens: opaque random strings of which only a SHA-256 is stored. Each sign-in starts a
 * family (a signed-in device, device-store.ts); every use rotates the token within its family;
 * presenting a token that was already rotated means it leaked (or was replayed), so the whole
 * family is revoked and the holder must sign in again. A token expires after the sliding lifetime
 * unless used; the family ends at its absolute lifetime whatever its refreshes — no token of it is
 * issued beyond that.
 */
import { randomBytes } from "node:crypto";
import { refreshTokenFamilies, refreshTokens } from "@seeyoo/schema/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import { sha256Hex } from "./token-hash.ts";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
export type Executor = Database | Tx;

const newToken = () => randomBytes(32).toString("base64url");

export const DEFAULT_FAMILY_LIFETIME_SECONDS = 90 * 24 * 3600;

/** A refresh token handed out, with the sign-in it belongs to and when it stops working. */
export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  expiresAt: Date;
}

export type RotationResult =
  | ({ ok: true; userId: string } & IssuedRefreshToken)
  | { ok: false; reason: "unknown" | "expired" | "revoked" | "reused" };

export class RefreshTokens {
  readonly #db: Database;
  readonly #ttlSeconds: number;
  readonly #familyLifetimeSeconds: number;

  constructor(db: Database, ttlSeconds: number, familyLifetimeSeconds = DEFAULT_FAMILY_LIFETIME_SECONDS) {
    this.#db = db;
    this.#ttlSeconds = ttlSeconds;
    this.#familyLifetimeSeconds = familyLifetimeSeconds;
  }

  /** Starts a new family (a new sign-in on the device named `deviceName`) and returns its first token. */
  async startFamily(
    userId: string,
    deviceName = "Unknown device",
    executor: Executor = this.#db,
  ): Promise<IssuedRefreshToken> {
    const [family] = await executor
      .insert(refreshTokenFamilies)
      .values({
        userId,
        deviceName,
        expiresAt: sql`now() + make_interval(secs => ${this.#familyLifetimeSeconds})`,
      })
      .returning({ id: refreshTokenFamilies.id, expiresAt: refreshTokenFamilies.expiresAt });
    if (!family) throw new Error("family insert returned nothing");
    return this.#issue(executor, family.id, family.expiresAt);
  }

  async rotate(token: string): Promise<RotationResult> {
    const tokenHash = sha256Hex(token);
    return this.#db.transaction(async (tx) => {
      // FOR UPDATE serialises two concurrent uses of one token (the second sees it rotated) and a
      // use against a sign-out of its family (revoked first, or rotated first and revoked after).
      const [row] = await tx
        .select({
          familyId: refreshTokens.familyId,
          expiresAt: refreshTokens.expiresAt,
          rotatedAt: refreshTokens.rotatedAt,
          familyExpiresAt: refreshTokenFamilies.expiresAt,
          familyRevokedAt: refreshTokenFamilies.revokedAt,
          userId: refreshTokenFamilies.userId,
        })
        .from(refreshTokens)
        .innerJoin(refreshTokenFamilies, eq(refreshTokenFamilies.id, refreshTokens.familyId))
        .where(eq(refreshTokens.tokenHash, tokenHash))
        .for("update");
      if (!row) return { ok: false, reason: "unknown" } as const;
      if (row.familyRevokedAt) return { ok: false, reason: "revoked" } as const;
      if (row.rotatedAt) {
        await this.#revokeFamily(tx, row.familyId, "reuse");
        return { ok: false, reason: "reused" } as const;
      }
      const now = Date.now();
      if (row.expiresAt.getTime() <= now || row.familyExpiresAt.getTime() <= now) {
        return { ok: false, reason: "expired" } as const;
      }
      // One statement rotates the token and, at most once an hour, records when the device was
      // last used (rounded down to the hour): no extra write per refresh.
      await tx.execute(sql`
        with rotated as (
          update ${refreshTokens} set rotated_at = now()
          where token_hash = ${tokenHash}
          returning family_id
        )
        update ${refreshTokenFamilies} f set last_used_at = date_trunc('hour', now(), 'UTC')
        from rotated
        where f.id = rotated.family_id and f.last_used_at < now() - interval '1 hour'`);
      const issued = await this.#issue(tx, row.familyId, row.familyExpiresAt);
      return { ok: true, userId: row.userId, ...issued } as const;
    });
  }

  /** Revokes the family of `token` (logout). Unknown tokens are ignored: logout is idempotent. */
  async revokeFamilyOf(token: string): Promise<void> {
    const [row] = await this.#db
      .select({ familyId: refreshTokens.familyId })
      .from(refreshTokens)
      .where(eq(refreshTokens.tokenHash, sha256Hex(token)));
    if (row) await this.#revokeFamily(this.#db, row.familyId, "logout");
  }

  /** A new token of the family, expiring after the sliding lifetime but never after the family. */
  async #issue(executor: Executor, familyId: string, familyExpiresAt: Date): Promise<IssuedRefreshToken> {
    const token = newToken();
    const expiresAt = new Date(Math.min(Date.now() + this.#ttlSeconds * 1000, familyExpiresAt.getTime()));
    await executor.insert(refreshTokens).values({ tokenHash: sha256Hex(token), familyId, expiresAt });
    return { token, familyId, expiresAt };
  }

  async #revokeFamily(executor: Executor, familyId: string, reason: string): Promise<void> {
    await executor
      .update(refreshTokenFamilies)
      .set({ revokedAt: sql`now()`, revokedReason: reason })
      .where(and(eq(refreshTokenFamilies.id, familyId), isNull(refreshTokenFamilies.revokedAt)));
  }
}
