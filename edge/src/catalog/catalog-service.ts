/**
 * The public channel line-up through the cache tiers, for every route that needs it: the channel
 * list and one channel (GET /v1/channels…) and the set of active channels the guide is built for
 * (GET /v1/epg…). One cached list serves all of them, so they change together on a catalog bump.
 */
import { versionScope } from "@seeyoo/schema/cache-versions";
import type { ChannelList, PublicChannel } from "@seeyoo/schema/wire";
import type { CachedBody, TieredCache } from "../cache/tiered-cache.ts";
import type { CacheVersions, VersionRead } from "../cache/versions.ts";
import { listActiveChannels } from "../db/catalog-queries.ts";
import type { RequestDb } from "../db/request-db.ts";
import { etagOf } from "../http/etag.ts";

export interface CatalogDeps {
  db: RequestDb;
  cache: TieredCache;
  versions: CacheVersions;
}

export class CatalogService {
  readonly #deps: CatalogDeps;

  constructor(deps: CatalogDeps) {
    this.#deps = deps;
  }

  /** The active channels by number; `read` when the caller has read the versions already. */
  async channelList(read?: VersionRead): Promise<CachedBody> {
    const { cache, db, versions } = this.#deps;
    const { keys, versions: known } = read ?? (await versions.read([versionScope.catalog]));
    const catalog = known?.[versionScope.catalog];
    return cache.read(
      {
        key: keys && catalog !== undefined ? keys.data.channelList(catalog) : null,
        lastGood: keys?.data.lastGood("channels") ?? null,
      },
      async () => ({ channels: await db.run(listActiveChannels) }),
    );
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

  async activeChannels(read: VersionRead): Promise<PublicChannel[]> {
    return parseList(await this.channelList(read));
  }

  async activeChannelIds(read: VersionRead): Promise<string[]> {
    return (await this.activeChannels(read)).map((ch) => ch.id);
  }
}

const parseList = (list: CachedBody): PublicChannel[] => (JSON.parse(list.body) as ChannelList).channels;
