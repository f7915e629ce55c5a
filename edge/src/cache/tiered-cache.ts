/**
 * The read path for public data: isolate memory → Cache API (this location) → Upstash Redis
 * (global) → Postgres.
 *
 * Keys embed the versions they were built from (see @seeyoo/schema/cache-keys), so a version bump
 * at the origin makes old copies unreachable and entries never need deleting. Every successful
 * build also refreshes a "last good" copy per resource, which is what viewers get when Postgres
 * cannot be reached (stale-if-error) — public data stays up even while the database is down.
 */
import type { CacheKeys } from "@seeyoo/schema/cache-keys";
import { etagOf } from "../http/etag.ts";
import { isolateMemo } from "./isolate-memo.ts";
import type { EdgeRedis } from "./redis-client.ts";

export interface CachedBody {
  body: string;
  etag: string;
  source: "memory" | "edge" | "redis" | "database" | "stale";
}

const EDGE_TTL_SECONDS = 3_600;
const REDIS_TTL_SECONDS = 86_400;
const LAST_GOOD_TTL_SECONDS = 7 * 86_400;

const cacheUrl = (key: string) => `https://edge-cache.seeyoo.internal/${encodeURIComponent(key)}`;

const serialize = (entry: { body: string; etag: string }) => JSON.stringify([entry.etag, entry.body]);
function deserialize(raw: string | null): { body: string; etag: string } | null {
  if (!raw) return null;
  try {
    const [etag, body] = JSON.parse(raw) as [string, string];
    return typeof etag === "string" && typeof body === "string" ? { etag, body } : null;
  } catch {
    return null;
  }
}

export class TieredCache {
  readonly #redis: EdgeRedis | null;
  readonly #ctx: { waitUntil(promise: Promise<unknown>): void };
  readonly #edge: Promise<Cache>;
  readonly #keys: CacheKeys;

  constructor(redis: EdgeRedis | null, keys: CacheKeys, ctx: { waitUntil(promise: Promise<unknown>): void }) {
    this.#redis = redis;
    this.#keys = keys;
    this.#ctx = ctx;
    this.#edge = caches.open("seeyoo-edge");
  }

  /**
   * @param key       the versioned data key, or null when versions are unknown (Redis down):
   *                  then only Postgres can answer, and the last good copy backs it up.
   * @param resource  a stable name for the resource (for its last good copy).
   * @param load      builds the JSON body from Postgres.
   */
  async read(key: string | null, resource: string, load: () => Promise<unknown>): Promise<CachedBody> {
    if (key) {
      const memo = isolateMemo.get(key);
      if (memo) return { ...memo, source: "memory" };
      const edge = await this.#edgeGet(key);
      if (edge) {
        isolateMemo.set(key, edge);
        return { ...edge, source: "edge" };
      }
      const shared = deserialize((await this.#redis?.get(key)) ?? null);
      if (shared) {
        isolateMemo.set(key, shared);
        this.#later(this.#edgePut(key, shared));
        return { ...shared, source: "redis" };
      }
    }

    let body: string;
    try {
      body = JSON.stringify(await load());
    } catch (error) {
      const stale = await this.#lastGood(resource);
      if (stale) return { ...stale, source: "stale" };
      throw error;
    }
    const entry = { body, etag: await etagOf(body) };
    if (key) isolateMemo.set(key, entry);
    const lastGoodKey = this.#keys.data.lastGood(resource);
    this.#later(
      Promise.all([
        key ? this.#edgePut(key, entry) : null,
        key ? this.#redis?.set(key, serialize(entry), REDIS_TTL_SECONDS) : null,
        this.#edgePut(lastGoodKey, entry, LAST_GOOD_TTL_SECONDS),
        this.#redis?.set(lastGoodKey, serialize(entry), LAST_GOOD_TTL_SECONDS),
      ]),
    );
    return { ...entry, source: "database" };
  }

  async #lastGood(resource: string) {
    const key = this.#keys.data.lastGood(resource);
    return (await this.#edgeGet(key)) ?? deserialize((await this.#redis?.get(key)) ?? null);
  }

  async #edgeGet(key: string): Promise<{ body: string; etag: string } | null> {
    const hit = await (await this.#edge).match(cacheUrl(key));
    if (!hit) return null;
    return { body: await hit.text(), etag: hit.headers.get("etag") ?? (await etagOf(key)) };
  }

  async #edgePut(key: string, entry: { body: string; etag: string }, ttl = EDGE_TTL_SECONDS) {
    const response = new Response(entry.body, {
      headers: { "content-type": "application/json", etag: entry.etag, "cache-control": `max-age=${ttl}` },
    });
    await (await this.#edge).put(cacheUrl(key), response);
  }

  #later(work: Promise<unknown>) {
    this.#ctx.waitUntil(work.catch(() => {}));
  }
}
