/**
 * GET /v1/epg/search — programmes whose title, subtitle or description match, over the stored
 * guide, each with its channel; public and cached like the rest of the guide.
 *
 * Cache key: the catalog and EPG versions (an ingest or a channel change makes every cached search
 * unreachable, exactly like the grid) plus a digest of the canonical query (case, accents,
 * whitespace and word order folded away), the quarter-hour window, the channel set (sorted; "all"
 * when omitted) and the limit. Per distinct canonical query and version that is one key per
 * quarter hour for the default window (4 an hour), one per explicit window. Distinct queries are
 * as many as people type, so search answers are kept in the isolate's memory and this location's
 * Cache API only — never in Redis, which nobody can fill by searching.
 */
import { describeRoute, jsonResponse, problemResponse, validated } from "@seeyoo/http";
import { versionScope } from "@seeyoo/schema/cache-versions";
import {
  DEFAULT_SEARCH_LIMIT,
  MAX_GRID_CHANNELS,
  MAX_SEARCH_LIMIT,
  MAX_SEARCH_TERMS,
  SearchQuery,
  SearchResponse,
  type SearchResult,
  searchTermsOf,
} from "@seeyoo/schema/wire";
import { Hono } from "hono";
import { keyDigest } from "../../cache/key-digest.ts";
import { requireActiveChannels } from "../../catalog/channel-selection.ts";
import { searchGuide } from "../../db/guide-search-queries.ts";
import type { EdgeEnv } from "../../edge-env.ts";
import { cachedJson } from "../../http/cached-json.ts";
import { GUIDE_CACHE_CONTROL } from "../epg/epg-routes.ts";
import { searchWindow } from "./search-window.ts";

export const searchRoutes = new Hono<EdgeEnv>().get(
  "/",
  describeRoute({
    tags: ["EPG"],
    summary: "Search the guide",
    description: [
      "Programmes whose title, subtitle or description match `q`, each with its channel.",
      "Words match as prefixes (what is still being typed), in their German and English forms, whatever",
      "the case and accents (`Tágesschau`, `tages`); a word that matches nothing is read as a typo of the",
      `nearest title words; "quoted phrases" match their words in order. At most ${MAX_SEARCH_TERMS} words and phrases.`,
      "Title matches come first, then the rest, each sooner airing first (what is on air at `from` first).",
      "Window: default now to 7 days ahead, at most 7 days, within the guide's reach (14 days back,",
      `31 days ahead), widened to quarter hours. \`channels\`: up to ${MAX_GRID_CHANNELS} ids (default: every`,
      `active channel). \`limit\`: 1–${MAX_SEARCH_LIMIT}, default ${DEFAULT_SEARCH_LIMIT}.`,
    ].join(" "),
    responses: {
      200: jsonResponse("The matching programmes", SearchResponse),
      304: { description: "Not modified" },
      400: problemResponse("Bad q, window, channel list or limit"),
      404: problemResponse("A named channel does not exist"),
    },
  }),
  validated("query", SearchQuery),
  async (c) => {
    const query = c.req.valid("query");
    const terms = searchTermsOf(query.q);
    const { from, to } = searchWindow(query);
    const limit = query.limit ?? DEFAULT_SEARCH_LIMIT;
    const services = c.var.services;
    const read = await services.versions.read([versionScope.catalog, versionScope.epg]);
    const active = await services.catalog.activeChannels(read);
    const activeIds = active.map((ch) => ch.id);
    if (query.channels) requireActiveChannels(query.channels, activeIds);
    const channelIds = query.channels ? [...new Set(query.channels)].sort() : null;

    const [f, t] = [from.toISOString(), to.toISOString()];
    const channelSet = channelIds ? channelIds.join(",") : "all";
    const digest = await keyDigest([terms.canonical, f, t, channelSet, limit].join("\n"));
    const { keys, versions } = read;
    const entry = await services.cache.read(
      {
        key:
          keys && versions
            ? keys.data.search(versions[versionScope.catalog] ?? 0, versions[versionScope.epg] ?? 0, digest)
            : null,
        lastGood: keys?.data.lastGood(`search:${digest}`) ?? null,
        // Every distinct query is a key: never in Redis (see CacheSlot.shared).
        shared: false,
      },
      async () => {
        const hits = await services.db.run((db) =>
          searchGuide(db, { words: terms.words, phrases: terms.phrases, from, to, channelIds, limit }),
        );
        const channels = new Map(active.map((ch) => [ch.id, ch]));
        const results = hits.flatMap((hit): SearchResult[] => {
          const channel = channels.get(hit.channelId);
          return channel ? [{ channel, programme: hit.programme, titleMatch: hit.titleMatch }] : [];
        });
        return { query: terms.canonical, from: f, to: t, results };
      },
    );
    return cachedJson(c, entry, GUIDE_CACHE_CONTROL);
  },
);
