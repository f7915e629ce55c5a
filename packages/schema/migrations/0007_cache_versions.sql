CREATE TABLE "cache_epoch" (
	"singleton" boolean PRIMARY KEY DEFAULT true NOT NULL,
	"epoch" text DEFAULT replace(gen_random_uuid()::text, '-', '') NOT NULL,
	CONSTRAINT "cache_epoch_singleton_check" CHECK ("cache_epoch"."singleton")
);
--> statement-breakpoint
CREATE TABLE "cache_versions" (
	"scope" text PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"bumped_in" bigint NOT NULL
);
--> statement-breakpoint
CREATE TABLE "user_cache_versions" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"version" bigint NOT NULL,
	"bumped_in" bigint NOT NULL
);
--> statement-breakpoint
ALTER TABLE "user_cache_versions" ADD CONSTRAINT "user_cache_versions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
-- Custom SQL (drizzle cannot express functions and triggers). This database's epoch, once.
INSERT INTO "cache_epoch" DEFAULT VALUES;
--> statement-breakpoint
-- Bumps each scope at most once per transaction, in scope order (two writers lock rows in the same
-- order, so they cannot deadlock). Versions thereby change in commit order.
CREATE FUNCTION "bump_cache_versions"(scopes text[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  INSERT INTO public.cache_versions AS v (scope, version, bumped_in)
  SELECT s, 1, pg_current_xact_id()::text::bigint FROM (SELECT DISTINCT unnest(scopes) AS s) x ORDER BY s
  ON CONFLICT (scope) DO UPDATE SET version = v.version + 1, bumped_in = excluded.bumped_in
  WHERE v.bumped_in <> excluded.bumped_in;
$$;
--> statement-breakpoint
CREATE FUNCTION "bump_user_cache_versions"(ids uuid[]) RETURNS void
LANGUAGE sql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
  INSERT INTO public.user_cache_versions AS v (user_id, version, bumped_in)
  SELECT u.id, 1, pg_current_xact_id()::text::bigint FROM public.users u
  WHERE u.id = ANY (ids) ORDER BY u.id
  ON CONFLICT (user_id) DO UPDATE SET version = v.version + 1, bumped_in = excluded.bumped_in
  WHERE v.bumped_in <> excluded.bumped_in;
$$;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "bump_cache_versions"(text[]) FROM PUBLIC;
--> statement-breakpoint
REVOKE ALL ON FUNCTION "bump_user_cache_versions"(uuid[]) FROM PUBLIC;
--> statement-breakpoint
-- Any change to the channel table changes the catalog (the channel list, activity, favourites).
CREATE FUNCTION "channels_changed"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM public.bump_cache_versions(ARRAY['catalog']);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "channels_bump_catalog" AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON "channels"
  FOR EACH STATEMENT EXECUTE FUNCTION "channels_changed"();
--> statement-breakpoint
-- Programmes: the schedules of exactly the channels a statement touched, and the cross-channel guide.
CREATE FUNCTION "epg_programs_changed"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  scopes text[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    SELECT array_agg(scope) INTO scopes FROM public.cache_versions WHERE scope LIKE 'ch:%';
    PERFORM public.bump_cache_versions(coalesce(scopes, '{}') || 'epg'::text);
    RETURN NULL;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT 'ch:' || channel_id) INTO scopes FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT 'ch:' || channel_id) INTO scopes FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT s) INTO scopes FROM (
      SELECT 'ch:' || channel_id AS s FROM old_rows UNION SELECT 'ch:' || channel_id FROM new_rows
    ) changed;
  END IF;
  IF scopes IS NOT NULL THEN
    PERFORM public.bump_cache_versions(scopes || 'epg'::text);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "epg_programs_bump_inserted" AFTER INSERT ON "epg_programs"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "epg_programs_changed"();
--> statement-breakpoint
CREATE TRIGGER "epg_programs_bump_updated" AFTER UPDATE ON "epg_programs"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "epg_programs_changed"();
--> statement-breakpoint
CREATE TRIGGER "epg_programs_bump_deleted" AFTER DELETE ON "epg_programs"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "epg_programs_changed"();
--> statement-breakpoint
CREATE TRIGGER "epg_programs_bump_truncated" AFTER TRUNCATE ON "epg_programs"
  FOR EACH STATEMENT EXECUTE FUNCTION "epg_programs_changed"();
--> statement-breakpoint
-- A user's favourites (whoever writes them) and the user's own row. A user being deleted is skipped:
-- their version row goes with them (ON DELETE CASCADE).
CREATE FUNCTION "favorites_changed"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
DECLARE
  ids uuid[];
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    SELECT array_agg(user_id) INTO ids FROM public.user_cache_versions;
  ELSIF TG_OP = 'INSERT' THEN
    SELECT array_agg(DISTINCT user_id) INTO ids FROM new_rows;
  ELSIF TG_OP = 'DELETE' THEN
    SELECT array_agg(DISTINCT user_id) INTO ids FROM old_rows;
  ELSE
    SELECT array_agg(DISTINCT user_id) INTO ids FROM (
      SELECT user_id FROM old_rows UNION SELECT user_id FROM new_rows
    ) changed;
  END IF;
  IF ids IS NOT NULL THEN
    PERFORM public.bump_user_cache_versions(ids);
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "favorites_bump_inserted" AFTER INSERT ON "favorites"
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "favorites_changed"();
--> statement-breakpoint
CREATE TRIGGER "favorites_bump_updated" AFTER UPDATE ON "favorites"
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION "favorites_changed"();
--> statement-breakpoint
CREATE TRIGGER "favorites_bump_deleted" AFTER DELETE ON "favorites"
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION "favorites_changed"();
--> statement-breakpoint
CREATE TRIGGER "favorites_bump_truncated" AFTER TRUNCATE ON "favorites"
  FOR EACH STATEMENT EXECUTE FUNCTION "favorites_changed"();
--> statement-breakpoint
CREATE FUNCTION "users_changed"() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
  PERFORM public.bump_user_cache_versions(ARRAY[NEW.id]);
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER "users_bump_user" AFTER UPDATE ON "users"
  FOR EACH ROW EXECUTE FUNCTION "users_changed"();
--> statement-breakpoint
-- The Worker (seeyoo_edge, migration 0002) reads the versions and the epoch; it never writes them
-- (the triggers above bump them as their owner).
GRANT SELECT ON public.cache_epoch, public.cache_versions, public.user_cache_versions TO seeyoo_edge;
