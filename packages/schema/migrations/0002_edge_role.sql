-- The least-privilege role the edge Worker logs in as (issue 9, §5). A stolen Worker secret must
-- not read password hashes, refresh tokens, providers' key hashes or ingest runs, nor change the
-- catalogue or the guide.
--
-- The role is created here without a password: it cannot log in anywhere passwords are checked
-- until the origin's migrate step sets one from EDGE_DB_PASSWORD (origin/src/db/edge-role-password.ts).
-- Roles are cluster-wide, grants are per database, and test databases are migrated in parallel
-- from templates: creating the role must tolerate another database having just created it
-- (duplicate_object when it already existed, unique_violation when both raced past the check).
DO $$
BEGIN
  CREATE ROLE seeyoo_edge LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOINHERIT NOREPLICATION;
EXCEPTION
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;
--> statement-breakpoint
-- ===================== Grants of the edge role (seeyoo_edge) =====================
-- Everything the Worker may touch, and nothing else. A table or column the Worker starts to read
-- gets its GRANT in a new migration (a migration never changes once applied), and the expected
-- set in origin/src/db/edge-role.security.test.ts, which fails on any grant it does not list.
--
-- Channels and the guide: read-only (whole tables, so new catalogue columns are readable too).
GRANT SELECT ON TABLE "channels", "epg_programs" TO seeyoo_edge;
--> statement-breakpoint
-- Users: only the columns /v1/me shows and the account check needs, never password_hash.
GRANT SELECT ("id", "email", "name", "role") ON TABLE "users" TO seeyoo_edge;
--> statement-breakpoint
-- Favourites: read, add, replace (delete + insert); no UPDATE is needed.
GRANT SELECT, INSERT, DELETE ON TABLE "favorites" TO seeyoo_edge;
