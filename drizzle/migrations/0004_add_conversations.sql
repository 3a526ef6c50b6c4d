CREATE TABLE "conversations" (
	"platform" text NOT NULL,
	"conversation_id" text NOT NULL,
	"scope" text NOT NULL,
	"user_ref" text,
	"address" jsonb NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "conversations_platform_conversation_id_pk" PRIMARY KEY("platform","conversation_id")
);
--> statement-breakpoint
CREATE INDEX "conversations_user_idx" ON "conversations" USING btree ("platform","user_ref");