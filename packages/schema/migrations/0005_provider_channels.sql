CREATE TABLE "provider_channels" (
	"provider_id" uuid NOT NULL,
	"channel_id" uuid NOT NULL,
	"provider_channel_id" varchar(256) NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "provider_channels_pkey" PRIMARY KEY("provider_id","provider_channel_id")
);
--> statement-breakpoint
-- epg_programs.provider_id is provenance only; its per-row foreign-key check cost ~10 % of every
-- ingest's insert (see tables.ts).
ALTER TABLE "epg_programs" DROP CONSTRAINT "epg_programs_provider_id_epg_providers_id_fk";
--> statement-breakpoint
ALTER TABLE "provider_channels" ADD CONSTRAINT "provider_channels_provider_id_epg_providers_id_fk" FOREIGN KEY ("provider_id") REFERENCES "public"."epg_providers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "provider_channels" ADD CONSTRAINT "provider_channels_channel_id_channels_id_fk" FOREIGN KEY ("channel_id") REFERENCES "public"."channels"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "provider_channels_channel_key" ON "provider_channels" USING btree ("channel_id");
--> statement-breakpoint
-- Upgrade path (custom SQL): before assignments existed, any provider could write any channel by
-- its slug. Each channel goes to the active provider that stored most of its programmes, under its
-- slug, so ingestion keeps working after the upgrade; operators review the result with
-- GET /v1/admin/providers/:id/channels. A fresh database has no programmes: nothing happens.
INSERT INTO "provider_channels" ("provider_id", "channel_id", "provider_channel_id")
SELECT DISTINCT ON (p."channel_id") p."provider_id", p."channel_id", c."slug"
FROM "epg_programs" p
JOIN "channels" c ON c."id" = p."channel_id"
JOIN "epg_providers" e ON e."id" = p."provider_id" AND e."revoked_at" IS NULL
GROUP BY p."channel_id", p."provider_id", c."slug"
ORDER BY p."channel_id", count(*) DESC, p."provider_id";
