/**
 * Refresh tokens: opaque random strings of which only a SHA-256 is stored. Every use rotates the
 * token within its family; presenting a token that was already rotated means it leaked (or was
 * replayed), so the whole family is revoked and the holder must sign in again.
 */
import { randomBytes } from "node:crypto";
import { refreshTokenFamilies, refreshTokens } from "@seeyoo/schema/db";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Database } from "../db/database.ts";
import { sha256Hex } from "./token-hash.ts";

type Tx = Parameters<Parameters<Database["transaction"]>[0]>[0];
type Executor = Database | Tx;

const newToken = () => randomBytes(32).toString("base64url");

export type RotationResult =
  | { ok: true; userId: string; refreshToken: string }
  | { ok: false; reason: "unknown" | "expired" | "revoked" | "reused" };

export class RefreshTokens {
  readonly #db: Database;
  readonly #ttlSeconds: number;

  constructor(db: Database, ttlSeconds: number) {
    this.#db = db;
    this.#ttlSeconds = ttlSeconds;
  }

  /** Starts a new family (a new sign-in) and returns its first token. */
  async startFamily(userId: string, executor: Executor = this.#db): Promise<string> {
    const [family] = await executor
      .insert(refreshTokenFamilies)
      .values({ userId })
      .returning({ id: refreshTokenFamilies.id });
    if (!family) throw new Error("family insert returned nothing");
    return this.#issue(executor, family.id);
  }

  async rotate(token: string): Promise<RotationResult> {
    return this.#db.transaction(async (tx) => {
      // FOR UPDATE serialises two concurrent uses of one token: the second sees it rotated.
      const [row] = await tx
        .select({
          familyId: refreshTokens.familyId,
          expiresAt: refreshTokens.expiresAt,
          rotatedAt: refreshTokens.rotatedAt,
          familyRevokedAt: refreshTokenFamilies.revokedAt,
          userId: refreshTokenFamilies.userId,
        })
        .from(refreshTokens)
        .innerJoin(refreshTokenFamilies, eq(refreshTokenFamilies.id, refreshTokens.familyId))
        .where(eq(refreshTokens.tokenHash, sha256Hex(token)))
        .for("update");
      if (!row) return { ok: false, reason: "unknown" } as const;
      if (row.familyRevokedAt) return { ok: false, reason: "revoked" } as const;
      if (row.rotatedAt) {
        await this.#revokeFamily(tx, row.familyId, "reuse");
        return { ok: false, reason: "reused" } as const;
      }
      if (row.expiresAt.getTime() <= Date.now()) return { ok: false, reason: "expired" } as const;
      await tx
        .update(refreshTokens)
        .set({ rotatedAt: sql`now()` })
        .where(eq(refreshTokens.tokenHash, sha256Hex(token)));
      const refreshToken = await this.#issue(tx, row.familyId);
      return { ok: true, userId: row.userId, refreshToken } as const;
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

  async #issue(executor: Executor, familyId: string): Promise<string> {
    const token = newToken();
    await executor.insert(refreshTokens).values({
      tokenHash: sha256Hex(token),
      familyId,
      expiresAt: new Date(Date.now() + this.#ttlSeconds * 1000),
    });
    return token;
  }

  async #revokeFamily(executor: Executor, familyId: string, reason: string): Promise<void> {
    await executor
      .update(refreshTokenFamilies)
      .set({ revokedAt: sql`now()`, revokedReason: reason })
      .where(and(eq(refreshTokenFamilies.id, familyId), isNull(refreshTokenFamilies.revokedAt)));
  }
}
