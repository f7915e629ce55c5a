ALTER TABLE "channels" ADD COLUMN "restart_allowed" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD COLUMN "catchup_hours" integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "channels" ADD CONSTRAINT "channels_catchup_hours_check" CHECK ("channels"."catchup_hours" between 0 and 168);