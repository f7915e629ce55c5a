/** Guide search: GET /v1/epg/search — its query and its answer. */
import * as v from "valibot";
import { PublicChannel } from "./catalog.ts";
import { ChannelIdList, GuideInstant, Programme } from "./epg.ts";
import { IsoInstant } from "./iso-instant.ts";
import { isStorableText } from "./safe-text.ts";
import { MAX_SEARCH_TERMS, searchTermsProblem } from "./search-terms.ts";

export const MIN_SEARCH_QUERY_LENGTH = 2;
export const MAX_SEARCH_QUERY_LENGTH = 100;
export const DEFAULT_SEARCH_LIMIT = 20;
export const MAX_SEARCH_LIMIT = 50;
/** How far a search window may reach (and its default length from now). */
export const MAX_SEARCH_WINDOW_HOURS = 7 * 24;

const SearchText = v.pipe(
  v.string("must be a string"),
  v.check(isStorableText, "must not contain NUL characters or unpaired surrogates"),
  v.trim(),
  v.minLength(MIN_SEARCH_QUERY_LENGTH, `must be at least ${MIN_SEARCH_QUERY_LENGTH} characters`),
  v.maxLength(MAX_SEARCH_QUERY_LENGTH, `must be at most ${MAX_SEARCH_QUERY_LENGTH} characters`),
  v.check(
    (q) => searchTermsProblem(q) === null,
    (issue) => searchTermsProblem(String(issue.input)) ?? "cannot be searched",
  ),
);

const Limit = v.pipe(
  v.string(),
  v.regex(/^\d{1,3}$/, `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
  v.transform(Number),
  v.minValue(1, `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
  v.maxValue(MAX_SEARCH_LIMIT, `must be a whole number from 1 to ${MAX_SEARCH_LIMIT}`),
);

export const SearchQuery = v.object({
  /**
   * What to look for: words (prefixes match while typing; German and English word forms, accents
   * and case do not matter; one typo is forgiven) and "quoted phrases". At most
   * MAX_SEARCH_TERMS words and phrases.
   */
  q: v.pipe(
    SearchText,
    v.description(
      `${MIN_SEARCH_QUERY_LENGTH}–${MAX_SEARCH_QUERY_LENGTH} characters; words and "quoted phrases", at most ${MAX_SEARCH_TERMS}`,
    ),
  ),
  from: v.optional(
    v.pipe(
      GuideInstant,
      v.description("ISO 8601 instant in the guide's reach; default now (or `to` minus 7 days)"),
    ),
  ),
  to: v.optional(
    v.pipe(GuideInstant, v.description("ISO 8601 instant in the guide's reach; default `from` plus 7 days")),
  ),
  /** Comma-separated channel ids; omitted means every active channel. */
  channels: v.optional(
    v.pipe(ChannelIdList, v.description("Comma-separated channel ids; default every active channel")),
  ),
  limit: v.optional(
    v.pipe(
      Limit,
      v.description(`How many programmes, 1–${MAX_SEARCH_LIMIT}; default ${DEFAULT_SEARCH_LIMIT}`),
    ),
  ),
});
export type SearchQuery = v.InferOutput<typeof SearchQuery>;

export const SearchResult = v.object({
  channel: PublicChannel,
  programme: Programme,
  /** The title matched (these rank first); otherwise the subtitle or description did. */
  titleMatch: v.boolean(),
});
export type SearchResult = v.InferOutput<typeof SearchResult>;

export const SearchResponse = v.object({
  /** The query as searched: case and accents folded, words and phrases sorted. */
  query: v.string(),
  /** The window searched, widened to whole quarter hours. */
  from: IsoInstant,
  to: IsoInstant,
  /** Title matches first, then the rest; each group by start time (sooner first). */
  results: v.array(SearchResult),
});
export type SearchResponse = v.InferOutput<typeof SearchResponse>;
