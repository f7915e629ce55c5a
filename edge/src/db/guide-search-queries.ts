/**
 * Guide search in Postgres, in one statement (one round trip from the edge).
 *
 * Matching: every programme stores two search vectors (title; title + subtitle + description —
 * see the guide-search migration), built from case- and accent-folded text as written and as
 * German and English stems. A search word matches as a prefix of a written word or through its
 * German or English stem; a word no title word starts with is probably misspelt and also matches
 * the title words one typo away (pg_trgm similarity over `search_words`); a quoted phrase
 * matches its words in order. All words and phrases must match.
 *
 * Ranking: title matches first, then the rest, each by start time (then channel). Sorting every
 * match would cost as much as a common word has matches (tens of thousands for "news"), so each
 * group is found the cheaper of two bounded ways, without trusting the planner's guess of how
 * common a word is:
 *   1. walk the first AIRING_ORDER_WINDOW (for a list of channels: CHANNEL_LIST_WALK) programmes
 *      of the window in airing order and keep the matches — a common word has its first `limit`
 *      matches there after a few rows;
 *   2. only when that walk finds too few and the window holds more programmes, take every match
 *      from the GIN index (then the word is rare, so there are few) and sort those.
 * Programmes already on air at `from` come first in each group: at most one per channel, they are
 * found through the airing (SP-GiST) index instead of a per-channel probe. (The walk's rows keep
 * airing order through the materialized `walk`; the final ORDER BY sorts what was picked.)
 *
 * The fences (`materialized`, `offset 0`) keep each step on the index it was written for;
 * one-time filters skip the steps a search does not need.
 */
import type { Programme } from "@seeyoo/schema/wire";
import { type SQL, sql } from "drizzle-orm";
import { type ProgrammeRow, programmeColumnsSql, toProgramme } from "./programme-row.ts";

/** How many programmes, in airing order, a search walks before it turns to the GIN index. */
const AIRING_ORDER_WINDOW = 1000;
/**
 * The same for a list of channels. Each row of that walk costs an index probe (its programmes
 * are picked from the airing-order index, then read one by one), so it stays shorter; a word
 * it does not find there is rare on those channels and the GIN index answers at once.
 */
const CHANNEL_LIST_WALK = 250;
/** A word this long or longer that no title word starts with gets spelling alternatives. */
const MIN_MISSPELT_WORD_LENGTH = 4;
/** How many spelling alternatives a misspelt word gets (nearest first). */
const SPELLING_ALTERNATIVES = 3;

export interface GuideSearch {
  /** Words of the query (letters and digits); Postgres folds them as it folds the guide. */
  words: string[];
  phrases: string[];
  from: Date;
  to: Date;
  /** The channels to search; null: every active channel. */
  channelIds: string[] | null;
  limit: number;
}

export interface GuideSearchHit {
  channelId: string;
  programme: Programme;
  titleMatch: boolean;
}

/** Runs drizzle SQL: the edge's Neon database, or node-postgres (the search benchmark). */
export interface SqlRunner {
  execute(query: SQL): Promise<{ rows: unknown[] }>;
}

type HitRow = ProgrammeRow & { channelId: string; titleMatch: boolean };

/**
 * One word's forms: as written, as a prefix (it may still be being typed), or as its German or
 * English stem. Built only from immutable functions of the parameter, so the planner folds it to
 * a constant once.
 */
function wordForms(word: string): SQL {
  const folded = sql`public.seeyoo_fold(${word})`;
  const written = sql`plainto_tsquery('pg_catalog.simple', ${folded})`;
  return sql`(
    (case when numnode(${written}) > 0 then (${written}::text || ':*')::tsquery else ${written} end)
    || plainto_tsquery('pg_catalog.german', ${folded})
    || plainto_tsquery('pg_catalog.english', ${folded}))`;
}

/**
 * A word that no title or subtitle word starts with is probably misspelt: it also matches the
 * title words one typo away — at most one letter longer or shorter, and trigram-similar (at least
 * pg_trgm.similarity_threshold, 0.3 by default: one wrong, missing, extra or swapped letter in a
 * word of five or more letters), nearest first. The length rule keeps out words that merely
 * contain it ("schau" is not a typo of "tagesschau"). Both lookups are in `search_words` (its
 * trigram index answers the prefix LIKE and the nearest-first order), never in the programmes,
 * so a rare word costs no scan of them.
 */
function spellingTolerant(word: string): SQL {
  const forms = wordForms(word);
  if ([...word].length < MIN_MISSPELT_WORD_LENGTH) return forms;
  const folded = sql`public.seeyoo_fold(${word})`;
  const prefixPattern = sql`replace(replace(replace(${folded}, '\\', '\\\\'), '%', '\\%'), '_', '\\_') || '%'`;
  return sql`(case
    when exists (select from public.search_words s where s.word like ${prefixPattern}) then ${forms}
    else ${forms} || coalesce((
      select public.seeyoo_any_of(plainto_tsquery('pg_catalog.simple', n.word)) from (
        select s.word from public.search_words s
        where s.word operator(public.%) ${folded} and abs(length(s.word) - length(${folded})) <= 1
        order by s.word operator(public.<->) ${folded}
        limit ${SPELLING_ALTERNATIVES}
      ) n), ${forms})
  end)`;
}

/** The search as one tsquery: every word (in its forms) and every phrase (its words in order). */
function searchQuerySql(words: string[], phrases: string[]): SQL {
  const terms = [
    ...words.map(spellingTolerant),
    ...phrases.map((phrase) => sql`phraseto_tsquery('pg_catalog.simple', public.seeyoo_fold(${phrase}))`),
  ];
  return sql`search as materialized (select ${sql.join(terms, sql` && `)} as tsq)`;
}

export async function searchGuide(db: SqlRunner, search: GuideSearch): Promise<GuideSearchHit[]> {
  const { from, to, limit } = search;
  // A named list is a constant the planner can estimate (few channels: their own index); every
  // active channel is "not an inactive one", read once — a few hundred constant ids repeated in
  // each step would cost more to plan than the search costs to run.
  const onChannel = (p: string) =>
    search.channelIds
      ? sql`${sql.raw(p)}.channel_id = any(${sql.param(search.channelIds)}::uuid[])`
      : sql`${sql.raw(p)}.channel_id <> all((select ids from inactive_channels)::uuid[])`;
  const inWindow = (p: string) =>
    sql`${sql.raw(p)}.start_time >= ${from}::timestamptz and ${sql.raw(p)}.start_time < ${to}::timestamptz
        and ${onChannel(p)}`;
  const tsq = sql`(select tsq from search)`;
  const walkLength = search.channelIds ? CHANNEL_LIST_WALK : AIRING_ORDER_WINDOW;
  // The walk. With a list of channels, their programmes are first picked from the airing-order
  // index alone (the channel is in it), then read: reading every programme in airing order and
  // dropping the other channels' would touch ten pages per kept row for a tenth of the line-up.
  // The fence (`offset 0`) keeps the match test after the read: pushed into the join, it made the
  // planner read every match of a common word on all channels from the GIN index (6,679 rows for
  // "nachrichten" to keep 80 of 5 channels' 563).
  const firstInAiringOrder = search.channelIds
    ? sql`
      select p.id, p.start_time, p.channel_id, p.search_title, p.search_text
      from (
        select w.start_time, w.channel_id from epg_programs w where ${inWindow("w")}
        order by w.start_time, w.channel_id limit ${walkLength}
      ) k
      join epg_programs p on p.channel_id = k.channel_id and p.start_time = k.start_time
      order by k.start_time, k.channel_id
      offset 0`
    : sql`
      select p.id, p.start_time, p.channel_id, p.search_title, p.search_text from epg_programs p
      where ${inWindow("p")}
      order by p.start_time, p.channel_id limit ${walkLength}`;

  const result = await db.execute(sql`
    with ${searchQuerySql(search.words, search.phrases)},
    inactive_channels as materialized (
      select coalesce(array_agg(id), '{}') as ids from channels where not active
    ),
    -- On air at "from" (started before it, ends after it), through the airing index alone.
    on_air as materialized (
      select p.id, p.start_time, p.channel_id, p.search_title, p.search_text from epg_programs p
      where tstzrange(p.start_time, p.end_time, '[)') @> ${from}::timestamptz and ${onChannel("p")}
    ),
    on_air_hits as materialized (
      select o.id, o.start_time, o.channel_id, o.search_title @@ s.tsq as in_title
      from on_air o, search s where o.start_time < ${from}::timestamptz and o.search_text @@ s.tsq
    ),
    -- Whether the walk can have seen the whole window; counted from the airing-order index alone.
    window_is_long as (
      select count(*) = ${walkLength} as yes
      from (select from epg_programs p where ${inWindow("p")} limit ${walkLength}) w
    ),
    -- The walk's matches in airing order. Materialized and read by two steps, it is produced only
    -- as far as they read it (titles stop at the limit) and its programmes are read once.
    walk as materialized (
      select a.id, a.start_time, a.channel_id, a.search_title @@ ${tsq} as in_title
      from (${firstInAiringOrder}) a
      where a.search_text @@ ${tsq}
    ),
    -- Title matches: from the walk, else from the GIN index.
    walked_titles as materialized (
      select id, start_time, channel_id from walk where in_title limit ${limit}
    ),
    indexed_titles as materialized (
      select p.id, p.start_time, p.channel_id
      from (
        select id, start_time, channel_id from epg_programs p where search_title @@ ${tsq} and ${onChannel("p")}
        offset 0
      ) p
      where ${inWindow("p")}
      order by p.start_time, p.channel_id limit ${limit}
    ),
    titles_wanted as (
      select ${limit} - (select count(*) from on_air_hits where in_title) as n
    ),
    walk_finds_titles as (
      select (select count(*) from walked_titles) >= (select n from titles_wanted)
        or not (select yes from window_is_long) as yes
    ),
    titles as materialized (
      select id, start_time, channel_id from on_air_hits where in_title
      union all
      select * from walked_titles where (select yes from walk_finds_titles)
      union all
      select * from indexed_titles where not (select yes from walk_finds_titles)
    ),
    -- Subtitle and description matches, the same way, when the titles leave room.
    others_wanted as (
      select ${limit} - (select count(*) from titles) - (select count(*) from on_air_hits where not in_title) as n
    ),
    walked_others as materialized (
      select id, start_time, channel_id from walk where not in_title limit ${limit}
    ),
    indexed_others as materialized (
      select p.id, p.start_time, p.channel_id
      from (
        select id, start_time, channel_id, search_title from epg_programs p
        where search_text @@ ${tsq} and ${onChannel("p")}
        offset 0
      ) p
      where ${inWindow("p")} and not p.search_title @@ ${tsq}
      order by p.start_time, p.channel_id limit ${limit}
    ),
    walk_finds_others as (
      select (select count(*) from walked_others) >= (select n from others_wanted)
        or not (select yes from window_is_long) as yes
    ),
    ranked as (
      select id, start_time, channel_id, 0 as tier from titles
      union all
      select id, start_time, channel_id, 1 from on_air_hits
      where not in_title and (select count(*) from titles) < ${limit}
      union all
      select *, 1 from walked_others where (select n from others_wanted) > 0 and (select yes from walk_finds_others)
      union all
      select *, 1 from indexed_others where (select n from others_wanted) > 0 and not (select yes from walk_finds_others)
    )
    select ${programmeColumnsSql}, p.channel_id as "channelId", r.tier = 0 as "titleMatch"
    from ranked r join epg_programs p on p.id = r.id
    order by r.tier, r.start_time, r.channel_id
    limit ${limit}`);
  return (result.rows as HitRow[]).map((row) => ({
    channelId: row.channelId,
    programme: toProgramme(row),
    titleMatch: row.titleMatch,
  }));
}
