/**
 * The public channel line-up through the cache tiers, for every route that needs it: the channel
 * list and one channel (GET /v1/channels…) and the set of active channels the guide is built for
 * (GET /v1/epg…). One cached list serves all of them, so they change together on a catalog bump.
 */
import type { CacheKeys } from "@seeyoo/schema/cache-keys";
import type { ChannelList, PublicChannel } from "@seeyoo/schema/wire";
import type { EdgeRedis } from "../cache/redis-client.ts";
import type { CachedBody, TieredCache } from "../cache/tiered-cache.ts";
import { readVersions, type Versions } from "../cache/versions.ts";
import { listActiveChannels } from "../db/catalog-queries.ts";
import type { RequestDb } from "../db/request-db.ts";
import { etagOf } from "../http/etag.ts";

export interface CatalogDeps {
  db: RequestDb;
  redis: EdgeRedis | null;
  keys: CacheKeys;
  cache: TieredCache;
  versionCacheMs: number;
}

export class CatalogService {
  readonly #deps: CatalogDeps;

  constructor(deps: CatalogDeps) {
    this.#deps = deps;
  }

  /** The active channels by number; `versions` when the caller has read them already. */
  async channelList(versions?: Versions | null): Promise<CachedBody> {
    const { cache, db, keys } = this.#deps;
    const known = versions === undefined ? await readVersions(this.#deps) : versions;
    return cache.read(known && keys.data.channelList(known.catalog), "channels", async () => ({
      channels: await db.run(listActiveChannels),
    }));
  }

  /**
   * One active channel as data, or null when it is unknown or inactive. Heartbeats re-check viewing
   * rights with it: the cached list costs no Postgres round trip, and an admin's change (deactivate,
   * restrict) bumps the catalog version, so the next heartbeat sees it.
   */
  async activeChannel(id: string): Promise<PublicChannel | null> {
    return parseList(await this.channelList()).find((ch) => ch.id === id) ?? null;
  }

  /** One active channel — a slice of the cached list: no extra query, the same invalidation. */
  async channel(id: string): Promise<CachedBody | null> {
    const list = await this.channelList();
    const channel = parseList(list).find((ch) => ch.id === id);
    if (!channel) return null;
    const body = JSON.stringify(channel);
    return { body, etag: await etagOf(body), source: list.source };
  }

  async activeChannels(versions: Versions | null): Promise<PublicChannel[]> {
    return parseList(await this.channelList(versions));
  }

  async activeChannelIds(versions: Versions | null): Promise<string[]> {
    return (await this.activeChannels(versions)).map((ch) => ch.id);
  }
}

const parseList = (list: CachedBody): PublicChannel[] => (JSON.parse(list.body) as ChannelList).channels;
