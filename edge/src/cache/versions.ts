/**
 * The cache versions a response depends on, and the database epoch every key lives under.
 *
 * Postgres holds the versions (bumped by triggers in the writing transaction); Redis mirrors them
 * with a short TTL (see @seeyoo/schema/cache-versions). A request reads the mirrors in one Redis
 * round trip; a missing mirror — expired, evicted, a flushed or restarted Redis, or no Redis at
 * all — is read from Postgres in one statement and mirrored again (never backwards). Versions
 * are remembered by the isolate for VERSION_CACHE_MS (default 1 s): that bounds Redis to about
 * one command per isolate per second for the hottest reads (Upstash bills per command), and
 * without Redis it bounds Postgres the same way — public reads keep coming from the Cache API.
 *
 * The epoch (which database this is) comes from Postgres too, once per isolate; every statement
 * that reads versions re-reads it, so a database swapped under the Worker is noticed within a
 * mirror's TTL. A copy kept in the Cache API lets a fresh isolate find its last good copies
 * while Postgres is down.
 */
import type { CacheKeys, DatabaseKeys, Version } from "@seeyoo/schema/cache-keys";
import {
  MIRROR_VERSIONS_SCRIPT,
  mirrorKeyOf,
  parseMirroredVersion,
  type StoredVersions,
  VERSION_MIRROR_TTL_SECONDS,
} from "@seeyoo/schema/cache-versions";
import { readStoredVersions } from "../db/cache-version-queries.ts";
import type { RequestDb } from "../db/request-db.ts";
import type { EdgeRedis } from "./redis-client.ts";

export interface VersionRead {
  /** The keys of this database; null when its epoch is unknown (Postgres never reached). */
  keys: DatabaseKeys | null;
  /** scope → version; null when neither Redis nor Postgres could tell. */
  versions: Record<string, Version> | null;
}

export interface CacheVersionsDeps {
  redis: EdgeRedis | null;
  db: RequestDb;
  keys: CacheKeys;
  versionCacheMs: number;
  databaseUrl: string;
  ctx: { waitUntil(promise: Promise<unknown>): void };
}

// Isolate state: the epoch per database, versions per mirror key, refreshes under way, and the
// scopes this isolate has asked about (per database) with any recovery from Postgres under way.
const epochs = new Map<string, string>();
const remembered = new Map<string, { value: Version; at: number }>();
const refreshing = new Set<string>();
const databaseIds = new Map<string, string>();
const knownScopes = new Map<string, Set<string>>();
const recovering = new Map<string, number>();
const MAX_KNOWN_SCOPES = 256;
const RECOVERY_WAIT_MS = 2_000;

const epochCopyUrl = (databaseId: string) =>
  `https://edge-cache.seeyoo.internal/epoch/${encodeURIComponent(databaseId)}`;

export class CacheVersions {
  readonly #deps: CacheVersionsDeps;

  constructor(deps: CacheVersionsDeps) {
    this.#deps = deps;
  }

  async read(scopes: string[]): Promise<VersionRead> {
    const id = await this.#databaseId();
    const epoch = epochs.get(id);
    if (!epoch) return this.#recover(id, scopes, null);
    const keys = this.#deps.keys.of(epoch);
    const mirrorKeys = scopes.map((scope) => mirrorKeyOf(keys, scope));
    const now = Date.now();
    const fresh = recall(mirrorKeys, now - this.#deps.versionCacheMs);
    if (fresh) return { keys, versions: byScope(scopes, fresh) };
    const refresh = mirrorKeys.join(" ");
    const stale = this.#deps.versionCacheMs > 0 ? recall(mirrorKeys, 0) : null;
    // Another request of this isolate is refreshing these: its values land within a round trip.
    if (stale && refreshing.has(refresh)) return { keys, versions: byScope(scopes, stale) };

    refreshing.add(refresh);
    try {
      const mirrored = (await this.#deps.redis?.mget(mirrorKeys)) ?? null;
      const values = mirrored?.map(parseMirroredVersion);
      if (values?.every((v) => v !== null)) {
        this.#remember(mirrorKeys, values as Version[], now);
        return { keys, versions: byScope(scopes, values as Version[]) };
      }
      const since = recovering.get(id);
      if (stale && since !== undefined && now - since < RECOVERY_WAIT_MS) {
        return { keys, versions: byScope(scopes, stale) };
      }
      return await this.#recover(id, scopes, stale);
    } finally {
      refreshing.delete(refresh);
    }
  }

  /**
   * Versions Postgres reported in a statement of the caller's own (e.g. the favourites read):
   * adopts its epoch and mirrors them. Returns the keys of that epoch.
   */
  async learned(stored: StoredVersions): Promise<DatabaseKeys> {
    return this.#adopt(await this.#databaseId(), stored);
  }

  /** The epoch this isolate knows, without asking anyone (null before the first answer). */
  async knownKeys(): Promise<DatabaseKeys | null> {
    const epoch = epochs.get(await this.#databaseId());
    return epoch ? this.#deps.keys.of(epoch) : null;
  }

  /**
   * Reads the versions from Postgres — every scope this isolate uses, not only the missing ones:
   * mirrors written together expire together, so the next expiry costs one statement again, not
   * one per scope.
   */
  async #recover(id: string, scopes: string[], stale: Version[] | null): Promise<VersionRead> {
    let known = knownScopes.get(id);
    if (!known || known.size > MAX_KNOWN_SCOPES) {
      known = new Set();
      knownScopes.set(id, known);
    }
    for (const scope of scopes) known.add(scope);
    let stored: StoredVersions;
    const mark = Date.now();
    recovering.set(id, mark);
    try {
      const all = [...known];
      stored = await this.#deps.db.run((db) => readStoredVersions(db, all));
    } catch {
      // Postgres unreachable: what this isolate (or this location) last knew, if anything.
      const epoch = epochs.get(id) ?? (await readEpochCopy(id));
      if (!epoch) return { keys: null, versions: null };
      epochs.set(id, epoch);
      return { keys: this.#deps.keys.of(epoch), versions: stale && byScope(scopes, stale) };
    } finally {
      if (recovering.get(id) === mark) recovering.delete(id);
    }
    const keys = await this.#adopt(id, stored);
    return {
      keys,
      versions: byScope(
        scopes,
        scopes.map((scope) => stored.versions[scope] ?? 0),
      ),
    };
  }

  async #adopt(id: string, stored: StoredVersions): Promise<DatabaseKeys> {
    if (epochs.get(id) !== stored.epoch) {
      epochs.set(id, stored.epoch);
      this.#later(writeEpochCopy(id, stored.epoch));
    }
    const keys = this.#deps.keys.of(stored.epoch);
    const scopes = Object.keys(stored.versions);
    if (scopes.length > 0) {
      const mirrorKeys = scopes.map((scope) => mirrorKeyOf(keys, scope));
      const values = scopes.map((scope) => stored.versions[scope] ?? 0);
      this.#remember(mirrorKeys, values, Date.now());
      this.#later(
        this.#deps.redis?.eval(MIRROR_VERSIONS_SCRIPT, mirrorKeys, [VERSION_MIRROR_TTL_SECONDS, ...values]) ??
          Promise.resolve(),
      );
    }
    return keys;
  }

  #remember(mirrorKeys: string[], values: Version[], now: number) {
    if (this.#deps.versionCacheMs <= 0) return;
    mirrorKeys.forEach((key, i) => {
      remembered.set(key, { value: values[i] ?? 0, at: now });
    });
  }

  async #databaseId(): Promise<string> {
    const { databaseUrl, keys } = this.#deps;
    let hash = databaseIds.get(databaseUrl);
    if (!hash) {
      const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(databaseUrl));
      hash = [...new Uint8Array(digest).slice(0, 8)].map((b) => b.toString(16).padStart(2, "0")).join("");
      databaseIds.set(databaseUrl, hash);
    }
    return `${keys.namespace}|${hash}`;
  }

  #later(work: Promise<unknown>) {
    this.#deps.ctx.waitUntil(work.catch(() => {}));
  }
}

/** Remembered values of every key, if all were learned after `since`. */
function recall(keys: string[], since: number): Version[] | null {
  const values: Version[] = [];
  for (const key of keys) {
    const hit = remembered.get(key);
    if (!hit || hit.at <= since) return null;
    values.push(hit.value);
  }
  return values;
}

const byScope = (scopes: string[], values: Version[]) =>
  Object.fromEntries(scopes.map((scope, i) => [scope, values[i] ?? 0]));

async function readEpochCopy(id: string): Promise<string | null> {
  try {
    const hit = await (await caches.open("seeyoo-edge")).match(epochCopyUrl(id));
    return hit ? await hit.text() : null;
  } catch {
    return null;
  }
}

async function writeEpochCopy(id: string, epoch: string): Promise<void> {
  const response = new Response(epoch, { headers: { "cache-control": "max-age=2592000" } });
  await (await caches.open("seeyoo-edge")).put(epochCopyUrl(id), response);
}
