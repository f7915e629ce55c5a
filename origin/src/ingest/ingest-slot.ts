/**
 * One ingest at a time per provider, across every origin replica: a post holds a connection of
 * the ingest pool (never one that logins and refreshes need) and, on it, a Postgres session
 * advisory lock on its provider for its whole run. A second post of the same provider meanwhile
 * gets a 409 with Retry-After before its body is read; when every ingest connection is busy, a
 * post gets a 503 with Retry-After instead of queueing without bound.
 *
 * The lock lives as long as the session: a connection dropped after a failed COPY takes it along.
 */
import { ProblemError } from "@seeyoo/schema/wire";
import type pg from "pg";
import type { Queryable } from "../db/database.ts";

/** First key of the two-key advisory locks (a space of its own: single-key locks never collide). */
const INGEST_LOCK_CLASS = 7_240_002;
export const BUSY_RETRY_AFTER_SECONDS = 30;
export const FULL_RETRY_AFTER_SECONDS = 10;

export class IngestSlot {
  readonly #pool: pg.Pool;
  readonly #providerId: string;
  #client: pg.PoolClient | null;

  private constructor(pool: pg.Pool, providerId: string, client: pg.PoolClient) {
    this.#pool = pool;
    this.#providerId = providerId;
    this.#client = client;
  }

  static async acquire(pool: pg.Pool, providerId: string): Promise<IngestSlot> {
    let client: pg.PoolClient;
    try {
      client = await pool.connect();
    } catch (error) {
      // Usually every ingest connection is held by other posts (pg's wait timed out).
      throw new ProblemError(503, "unavailable", "No ingest connection is free", {
        detail: `Post again in ${FULL_RETRY_AFTER_SECONDS} seconds (${(error as Error).message})`,
        headers: { "retry-after": String(FULL_RETRY_AFTER_SECONDS) },
      });
    }
    let locked = false;
    try {
      const { rows } = await client.query<{ locked: boolean }>(
        "select pg_try_advisory_lock($1, hashtext($2)) as locked",
        [INGEST_LOCK_CLASS, providerId],
      );
      locked = rows[0]?.locked === true;
    } finally {
      if (!locked) client.release();
    }
    if (!locked) {
      throw new ProblemError(409, "conflict", "Another post of this provider is still being ingested", {
        detail: `One ingest at a time per provider: post again when it has finished (retry in ${BUSY_RETRY_AFTER_SECONDS} s)`,
        headers: { "retry-after": String(BUSY_RETRY_AFTER_SECONDS) },
      });
    }
    return new IngestSlot(pool, providerId, client);
  }

  /** The locked session; gone after `discard()`. */
  get client(): pg.PoolClient {
    if (!this.#client) throw new Error("the ingest slot's connection was discarded");
    return this.#client;
  }

  /** The locked session while it lives, else the pool (for recording a failed run). */
  get queryable(): Queryable {
    return this.#client ?? this.#pool;
  }

  /** Drops the connection (an aborted COPY leaves it unusable); the server ends the lock with it. */
  discard(): void {
    this.#client?.release(true);
    this.#client = null;
  }

  async release(): Promise<void> {
    const client = this.#client;
    if (!client) return;
    this.#client = null;
    try {
      await client.query("select pg_advisory_unlock($1, hashtext($2))", [
        INGEST_LOCK_CLASS,
        this.#providerId,
      ]);
      client.release();
    } catch {
      client.release(true);
    }
  }
}
