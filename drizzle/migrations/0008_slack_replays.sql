CREATE TABLE "seen_slack_requests" (
	"key" text PRIMARY KEY NOT NULL,
	"seen_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE INDEX "seen_slack_requests_seen_at_idx" ON "seen_slack_requests" USING btree ("seen_at");