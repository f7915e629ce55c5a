-- No two programmes of one channel may overlap. Intervals are half-open [start, end), so a
-- programme ending at 20:00 and the next starting at 20:00 do not conflict. drizzle cannot
-- express an EXCLUDE constraint, hence this custom migration.
CREATE EXTENSION IF NOT EXISTS btree_gist;
--> statement-breakpoint
ALTER TABLE "epg_programs" ADD CONSTRAINT "epg_programs_no_overlap"
  EXCLUDE USING gist ("channel_id" WITH =, tstzrange("start_time", "end_time", '[)') WITH &&);
