CREATE TABLE "chat_posts" (
	"platform" text NOT NULL,
	"proposal_id" integer NOT NULL,
	"purpose" text NOT NULL,
	"channel_id" text NOT NULL,
	"message_id" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "chat_posts_platform_proposal_id_purpose_channel_id_pk" PRIMARY KEY("platform","proposal_id","purpose","channel_id")
);
--> statement-breakpoint
CREATE INDEX "chat_posts_message_idx" ON "chat_posts" USING btree ("platform","channel_id","message_id");