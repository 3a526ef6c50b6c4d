CREATE TABLE "governance_channels" (
	"platform" text PRIMARY KEY NOT NULL,
	"channel_id" text NOT NULL,
	"address" jsonb,
	"updated_at" timestamp with time zone NOT NULL
);
