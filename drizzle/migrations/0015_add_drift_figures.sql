CREATE TABLE "drift_figures" (
	"key" text PRIMARY KEY NOT NULL,
	"measure" text NOT NULL,
	"score" double precision NOT NULL,
	"reasons" jsonb NOT NULL,
	"measured_at" timestamp with time zone NOT NULL
);
