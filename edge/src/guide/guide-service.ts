/**
 * The programme guide through the cache tiers. Two kinds of blocks are cached (bounded key space,
 * see @seeyoo/schema/cache-keys):
 *   - guide blocks: every active channel over a fixed 6-hour block (plus, per channel, the first
 *     programme after it) — the grid and now/next are cut from them;
 *   - schedule days: one channel over one UTC day — its schedule is cut from them.
 * A request's exact window or instant only keys the isolate's memory of the finished answer, so
 * hot answers (now/next this minute, the default grid) are assembled once per isolate and version.
 */
import { GUIDE_BLOCK_HOURS, SCHEDULE_BLOCK_HOURS } from "@seeyoo/schema/cache-keys";
import { versionScope } from "@seeyoo/schema/cache-versions";
import { MAX_GRID_CHANNELS, notFound } from "@seeyoo/schema/wire";
import { isolateMemo } from "../cache/isolate-memo.ts";
import type { CachedBody, TieredCache } from "../cache/tiered-cache.ts";
import type { CacheVersions, VersionRead } from "../cache/versions.ts";
import type { CatalogService } from "../catalog/catalog-service.ts";
import { requireActiveChannels } from "../catalog/channel-selection.ts";
import { channelProgrammes, type GuideBlockChannel, guideBlock } from "../db/epg-queries.ts";
import type { RequestDb } from "../db/request-db.ts";
import { etagOf } from "../http/etag.ts";
import { blocksCovering, nowAndNextOf, programmesIn } from "./guide-window-cut.ts";

const HOUR = 3_600_000;
const GUIDE_BLOCK_MS = GUIDE_BLOCK_HOURS * HOUR;
const DAY_MS = SCHEDULE_BLOCK_HOURS * HOUR;

export interface GuideDeps {
  db: RequestDb;
  cache: TieredCache;
  versions: CacheVersions;
  catalog: CatalogService;
}

interface GuideBlock {
  from: string;
  to: string;
  channels: GuideBlockChannel[];
}

const TIER_ORDER: CachedBody["source"][] = ["memory", "edge", "redis", "database", "stale"];
/** The least fresh of the tiers that answered (what x-seeyoo-cache reports). */
const weakest = (sources: CachedBody["source"][]) =>
  sources.reduce((a, b) => (TIER_ORDER.indexOf(b) > TIER_ORDER.indexOf(a) ? b : a), "memory");

export class GuideService {
  readonly #deps: GuideDeps;

  constructor(deps: GuideDeps) {
    this.#deps = deps;
  }

  /** Now and next on every active channel at `at`. */
  async nowNext(at: Date): Promise<CachedBody> {
    const read = await this.#deps.versions.read([versionScope.catalog, versionScope.epg]);
    const t = at.getTime();
    return this.#answer(read, `now:${at.toISOString()}`, async () => {
      const block = await this.#guideBlock(read, Math.floor(t / GUIDE_BLOCK_MS) * GUIDE_BLOCK_MS);
      const value = { at: at.toISOString(), channels: block.value.channels.map((ch) => nowAndNextOf(ch, t)) };
      return { value, sources: [block.source] };
    });
  }

  /** A grid over [from, to) of the named channels (default: the first active ones by number). */
  async grid(from: Date, to: Date, requested: string[] | undefined): Promise<CachedBody> {
    const read = await this.#deps.versions.read([versionScope.catalog, versionScope.epg]);
    const active = await this.#deps.catalog.activeChannelIds(read);
    const channelIds = requested ?? active.slice(0, MAX_GRID_CHANNELS);
    requireActiveChannels(channelIds, active);
    const [f, t] = [from.getTime(), to.getTime()];
    return this.#answer(
      read,
      `grid:${from.toISOString()}:${to.toISOString()}:${channelIds.join(",")}`,
      async () => {
        const blocks = await Promise.all(
          blocksCovering(f, t, GUIDE_BLOCK_MS).map((start) => this.#guideBlock(read, start)),
        );
        const perChannel = new Map<string, GuideBlockChannel[]>();
        for (const block of blocks) {
          for (const ch of block.value.channels)
            perChannel.set(ch.channelId, [...(perChannel.get(ch.channelId) ?? []), ch]);
        }
        const value = {
          from: from.toISOString(),
          to: to.toISOString(),
          channels: channelIds.map((id) => ({
            channelId: id,
            programmes: programmesIn(
              (perChannel.get(id) ?? []).map((ch) => ch.programmes),
              f,
              t,
            ),
          })),
        };
        return { value, sources: blocks.map((b) => b.source) };
      },
    );
  }

  /** One active channel's schedule over [from, to). */
  async schedule(channelId: string, from: Date, to: Date): Promise<CachedBody> {
    const scope = versionScope.channel(channelId);
    const read = await this.#deps.versions.read([versionScope.catalog, scope]);
    if (!(await this.#deps.catalog.activeChannelIds(read)).includes(channelId)) throw notFound("Channel");
    const [f, t] = [from.getTime(), to.getTime()];
    const days = blocksCovering(f, t, DAY_MS);
    // The default window (one whole UTC day) is a cached block as it is.
    if (days.length === 1 && days[0] === f && f + DAY_MS === t) return this.#scheduleDay(read, channelId, f);
    return this.#answer(read, `sched:${channelId}:${from.toISOString()}:${to.toISOString()}`, async () => {
      const blocks = await Promise.all(days.map((day) => this.#scheduleDay(read, channelId, day)));
      const value = {
        channelId,
        from: from.toISOString(),
        to: to.toISOString(),
        programmes: programmesIn(
          blocks.map(
            (b) => (JSON.parse(b.body) as { programmes: GuideBlockChannel["programmes"] }).programmes,
          ),
          f,
          t,
        ),
      };
      return { value, sources: blocks.map((b) => b.source) };
    });
  }

  async #guideBlock(
    read: VersionRead,
    start: number,
  ): Promise<{ value: GuideBlock; source: CachedBody["source"] }> {
    const { keys, versions } = read;
    const from = new Date(start);
    const to = new Date(start + GUIDE_BLOCK_MS);
    const startIso = from.toISOString();
    const entry = await this.#deps.cache.read(
      {
        key:
          keys && versions
            ? keys.data.guideBlock(
                versions[versionScope.catalog] ?? 0,
                versions[versionScope.epg] ?? 0,
                startIso,
              )
            : null,
        lastGood: keys?.data.lastGood(`guide:${startIso}`) ?? null,
      },
      async (): Promise<GuideBlock> => ({
        from: startIso,
        to: to.toISOString(),
        channels: await this.#deps.db.run((db) => guideBlock(db, from, to)),
      }),
    );
    return { value: JSON.parse(entry.body) as GuideBlock, source: entry.source };
  }

  #scheduleDay(read: VersionRead, channelId: string, start: number): Promise<CachedBody> {
    const { keys, versions } = read;
    const from = new Date(start);
    const to = new Date(start + DAY_MS);
    const day = from.toISOString().slice(0, 10);
    const version = versions?.[versionScope.channel(channelId)];
    return this.#deps.cache.read(
      {
        key: keys && version !== undefined ? keys.data.scheduleDay(channelId, version, day) : null,
        lastGood: keys?.data.lastGood(`sched:${channelId}:${day}`) ?? null,
      },
      async () => ({
        channelId,
        from: from.toISOString(),
        to: to.toISOString(),
        programmes: await this.#deps.db.run((db) => channelProgrammes(db, channelId, from, to)),
      }),
    );
  }

  /**
   * An answer assembled from blocks, remembered by the isolate under the versions it was built
   * from (never when a block was a stale copy: the next request should try Postgres again).
   */
  async #answer(
    read: VersionRead,
    request: string,
    assemble: () => Promise<{ value: unknown; sources: CachedBody["source"][] }>,
  ): Promise<CachedBody> {
    const memoKey =
      read.keys && read.versions
        ? `${read.keys.prefix}:answer:${Object.values(read.versions).join(".")}:${request}`
        : null;
    const memo = memoKey ? isolateMemo.get(memoKey) : undefined;
    if (memo) return { ...memo, source: "memory" };
    const { value, sources } = await assemble();
    const body = JSON.stringify(value);
    const entry = { body, etag: await etagOf(body) };
    const source = weakest(sources);
    if (memoKey && source !== "stale") isolateMemo.set(memoKey, entry);
    return { ...entry, source };
  }
}
