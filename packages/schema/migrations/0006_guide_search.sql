-- Guide search (issue 13): the extensions, functions and trigger drizzle cannot express, around the
-- columns and indexes drizzle-kit generated from tables.ts. unaccent and pg_trgm ship with
-- PostgreSQL (contrib) and are supported on Aurora PostgreSQL; both are trusted extensions, so the
-- database owner can create them.
CREATE EXTENSION IF NOT EXISTS unaccent WITH SCHEMA public;
--> statement-breakpoint
CREATE EXTENSION IF NOT EXISTS pg_trgm WITH SCHEMA public;
--> statement-breakpoint
-- Lower case, accents removed (Tágesschau → tagesschau, Fußball → fussball). unaccent() is only
-- STABLE — its rules file could change under it — so an index or generated column cannot call it;
-- this wrapper names the dictionary with its schema and promises immutability (the usual pattern:
-- if the rules ever change, reindex). A SQL-standard body binds every name at creation, so it
-- works whatever the caller's search_path, including pg_dump's empty one.
CREATE FUNCTION public.seeyoo_fold(input text) RETURNS text
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN lower(public.unaccent('public.unaccent'::regdictionary, input));
--> statement-breakpoint
-- What a programme is found by. Programmes carry no reliable language, so the folded text is
-- indexed three ways at once: `simple` (every word as written: prefixes while typing, exact
-- phrases, names) plus German and English stems (Nachrichten ~ Nachricht, gardens ~ garden).
-- Measured on the search benchmark's 100k programmes, the three together cost ~20 µs per row on
-- write and ~350 bytes per programme; dropping one stemmer would save about a third of that and
-- lose that language's inflections.
CREATE FUNCTION public.seeyoo_search_vector(input text) RETURNS tsvector
  LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT
  RETURN to_tsvector('pg_catalog.simple', public.seeyoo_fold(input))
      || to_tsvector('pg_catalog.german', public.seeyoo_fold(input))
      || to_tsvector('pg_catalog.english', public.seeyoo_fold(input));
--> statement-breakpoint
-- AND / OR of many tsqueries (every word of a search / the spelling alternatives of one word);
-- NULLs are skipped, none at all gives NULL.
CREATE AGGREGATE public.seeyoo_all_of(tsquery) (SFUNC = pg_catalog.tsquery_and, STYPE = tsquery);
--> statement-breakpoint
CREATE AGGREGATE public.seeyoo_any_of(tsquery) (SFUNC = pg_catalog.tsquery_or, STYPE = tsquery);
--> statement-breakpoint
CREATE TABLE "search_words" (
	"word" text PRIMARY KEY NOT NULL
);
--> statement-breakpoint
-- One statement, so the table is rewritten once (it holds an exclusive lock while it is: on
-- ~300k programmes, seconds; readers at the edge wait, then carry on).
ALTER TABLE "epg_programs"
  ADD COLUMN "search_title" "tsvector" GENERATED ALWAYS AS (public.seeyoo_search_vector(title)) STORED,
  ADD COLUMN "search_text" "tsvector" GENERATED ALWAYS AS (public.seeyoo_search_vector(title || ' ' || coalesce(subtitle, '') || ' ' || coalesce(description, ''))) STORED;
--> statement-breakpoint
CREATE INDEX "search_words_trigram_idx" ON "search_words" USING gist ("word" gist_trgm_ops);--> statement-breakpoint
CREATE INDEX "epg_programs_search_title_idx" ON "epg_programs" USING gin ("search_title") WITH (gin_pending_list_limit=256);--> statement-breakpoint
CREATE INDEX "epg_programs_search_text_idx" ON "epg_programs" USING gin ("search_text") WITH (gin_pending_list_limit=256);--> statement-breakpoint
CREATE INDEX "epg_programs_start_idx" ON "epg_programs" USING btree ("start_time","channel_id");--> statement-breakpoint
CREATE INDEX "epg_programs_airing_idx" ON "epg_programs" USING spgist (tstzrange("start_time", "end_time", '[)'));
--> statement-breakpoint
-- Keeps search_words up to date with every programme written (ingest inserts and updates), once
-- per statement. Sorted, so two ingests adding the same new words take their locks in the same
-- order and never deadlock.
CREATE FUNCTION public.seeyoo_collect_search_words() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  INSERT INTO public.search_words (word)
  SELECT DISTINCT w.word
  FROM written_programmes p
  CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('pg_catalog.simple',
    public.seeyoo_fold(p.title || ' ' || coalesce(p.subtitle, ''))))) AS w(word)
  WHERE length(w.word) >= 3
  ORDER BY w.word
  ON CONFLICT DO NOTHING;
  RETURN NULL;
END
$$;
--> statement-breakpoint
CREATE TRIGGER epg_programs_search_words_on_insert AFTER INSERT ON "epg_programs"
  REFERENCING NEW TABLE AS written_programmes
  FOR EACH STATEMENT EXECUTE FUNCTION public.seeyoo_collect_search_words();
--> statement-breakpoint
CREATE TRIGGER epg_programs_search_words_on_update AFTER UPDATE ON "epg_programs"
  REFERENCING NEW TABLE AS written_programmes
  FOR EACH STATEMENT EXECUTE FUNCTION public.seeyoo_collect_search_words();
--> statement-breakpoint
INSERT INTO public.search_words (word)
SELECT DISTINCT w.word
FROM "epg_programs" p
CROSS JOIN LATERAL unnest(tsvector_to_array(to_tsvector('pg_catalog.simple',
  public.seeyoo_fold(p.title || ' ' || coalesce(p.subtitle, ''))))) AS w(word)
WHERE length(w.word) >= 3
ON CONFLICT DO NOTHING;
--> statement-breakpoint
-- Statistics for the new columns and the airing index's expression, so the first searches after
-- the migration are planned on facts (measured: unanalysed, searches ran 10–20× slower).
ANALYZE "epg_programs";
--> statement-breakpoint
-- The edge's read-only role (when a migration has created it) reads what search reads. The
-- functions and aggregates need nothing: EXECUTE is granted to PUBLIC by default.
DO $$
BEGIN
  IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'seeyoo_edge') THEN
    GRANT SELECT ON public.search_words TO seeyoo_edge;
    GRANT SELECT (search_title, search_text) ON public.epg_programs TO seeyoo_edge;
  END IF;
END
$$;
