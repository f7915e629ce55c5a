/**
 * The read path for public data: isolate memory → Cache API (this location) → Upstash Redis
 * (global) → Postgres.
 *
 * Keys embed the database's epoch and the versions they were built from (see
 * @seeyoo/schema/cache-keys), so a version bump makes old copies unreachable and entries never
 * need deleting. A successful build also refreshes the resource's "last good" copy — only for the
 * bounded set of resources that have one (the channel list, guide blocks, schedule days) — which
 * is what viewers get when Postgres cannot be reached (stale-if-error).
 */
import { etagOf } from "../http/etag.ts";
import { onceInIsolate } from "./in-flight.ts";
import { isolateMemo, type MemoEntry } from "./isolate-memo.ts";
import type { EdgeRedis } from "./redis-client.ts";

export interface CachedBody {
  body: string;
  etag: string;
  source: "memory" | "edge" | "redis" | "database" | "stale";
}

/** Where one resource is cached. */
export interface CacheSlot {
  /** The versioned key, or null when the versions are unknown: then only Postgres can answer. */
  key: string | null;
  /** The key of its last good copy, or null when it keeps none. */
  lastGood: string | null;
  /**
   * Whether copies go to Redis too (default). A resource whose keys the caller does not bound —
   * guide searches: every distinct query is a key — sets false: it stays in the isolate's memory
   * (bounded) and this location's Cache API (evicted by Cloudflare), so nobody can fill Redis.
   */
  shared?: boolean;
}

const EDGE_TTL_SECONDS = 3_600;
// Superseded versions are garbage: they only need to outlive the version they were built for.
const REDIS_TTL_SECONDS = 3_600;
const LAST_GOOD_TTL_SECONDS = 7 * 86_400;

const cacheUrl = (key: string) => `https://edge-cache.seeyoo.internal/${encodeURIComponent(key)}`;

const serialize = (entry: MemoEntry) => JSON.stringify([entry.etag, entry.body]);
function deserialize(raw: string | null): MemoEntry | null {
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

  constructor(redis: EdgeRedis | null, ctx: { waitUntil(promise: Promise<unknown>): void }) {
    this.#redis = redis;
    this.#ctx = ctx;
    this.#edge = caches.open("seeyoo-edge");
  }

  /** @param load builds the JSON body from Postgres. */
  async read(slot: CacheSlot, load: () => Promise<unknown>): Promise<CachedBody> {
    const { key } = slot;
    if (!key) return this.#build(slot, load);
    const memo = isolateMemo.get(key);
    if (memo) return { ...memo, source: "memory" };
    const edge = await this.#edgeGet(key);
    if (edge) {
      isolateMemo.set(key, edge);
      return { ...edge, source: "edge" };
    }
    const shared = slot.shared === false ? null : deserialize((await this.#redis?.get(key)) ?? null);
    if (shared) {
      isolateMemo.set(key, shared);
      this.#later(this.#edgePut(key, shared));
      return { ...shared, source: "redis" };
    }
    return onceInIsolate(
      key,
      () => this.#build(slot, load),
      () => {
        const built = isolateMemo.get(key);
        return built && { ...built, source: "memory" as const };
      },
    );
  }

  async #build(
    { key, lastGood, shared = true }: CacheSlot,
    load: () => Promise<unknown>,
  ): Promise<CachedBody> {
    const redis = shared ? this.#redis : null;
    let body: string;
    try {
      body = JSON.stringify(await load());
    } catch (error) {
      const stale = lastGood && (await this.#lastGood(lastGood, redis));
      if (stale) return { ...stale, source: "stale" };
      throw error;
    }
    const entry = { body, etag: await etagOf(body) };
    if (key) isolateMemo.set(key, entry);
    this.#later(
      Promise.all([
        key && this.#edgePut(key, entry),
        key && redis?.set(key, serialize(entry), REDIS_TTL_SECONDS),
        lastGood && this.#edgePut(lastGood, entry, LAST_GOOD_TTL_SECONDS),
        lastGood && redis?.set(lastGood, serialize(entry), LAST_GOOD_TTL_SECONDS),
      ]),
    );
    return { ...entry, source: "database" };
  }

  async #lastGood(key: string, redis: EdgeRedis | null) {
    return (await this.#edgeGet(key)) ?? deserialize((await redis?.get(key)) ?? null);
  }

  async #edgeGet(key: string): Promise<MemoEntry | null> {
    const hit = await (await this.#edge).match(cacheUrl(key));
    if (!hit) return null;
    return { body: await hit.text(), etag: hit.headers.get("etag") ?? (await etagOf(key)) };
  }

  async #edgePut(key: string, entry: MemoEntry, ttl = EDGE_TTL_SECONDS) {
    const response = new Response(entry.body, {
      headers: { "content-type": "application/json", etag: entry.etag, "cache-control": `max-age=${ttl}` },
    });
    await (await this.#edge).put(cacheUrl(key), response);
  }

  #later(work: Promise<unknown>) {
    this.#ctx.waitUntil(work.catch(() => {}));
  }
}
