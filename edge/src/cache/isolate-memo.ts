/**
 * The hottest tier: bodies of versioned keys kept in this isolate's memory. A versioned key's
 * content never changes (a change means a new version, hence a new key), so entries need no
 * invalidation — only a size bound. Measured under wrangler dev, reading the Cache API costs
 * about as much CPU as the rest of a cached request; this skips it for the keys every viewer asks for.
 */
export interface MemoEntry {
  body: string;
  etag: string;
}

const MAX_ENTRIES = 256;
const MAX_TOTAL_CHARS = 16 * 1024 * 1024;

export class IsolateMemo {
  readonly #entries = new Map<string, MemoEntry>();
  #chars = 0;

  get(key: string): MemoEntry | undefined {
    const hit = this.#entries.get(key);
    if (hit) {
      // Refresh recency: Map iteration order is insertion order, so the oldest is first.
      this.#entries.delete(key);
      this.#entries.set(key, hit);
    }
    return hit;
  }

  set(key: string, entry: MemoEntry): void {
    if (entry.body.length > MAX_TOTAL_CHARS / 8 || this.#entries.has(key)) return;
    this.#entries.set(key, entry);
    this.#chars += entry.body.length;
    for (const [oldest, old] of this.#entries) {
      if (this.#entries.size <= MAX_ENTRIES && this.#chars <= MAX_TOTAL_CHARS) break;
      this.#entries.delete(oldest);
      this.#chars -= old.body.length;
    }
  }
}

/** One per isolate: shared by every request the isolate serves. */
export const isolateMemo = new IsolateMemo();
