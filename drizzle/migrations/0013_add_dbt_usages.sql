CREATE TABLE "ingests" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "ingests_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"domain_id" integer NOT NULL,
	"project" text NOT NULL,
	"source" text NOT NULL,
	"generated_at" timestamp with time zone,
	"dbt_version" text,
	"file_hash" text NOT NULL,
	"counts" jsonb NOT NULL,
	"actor_ref" text NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"last_received_at" timestamp with time zone NOT NULL,
	CONSTRAINT "ingests_source_check" CHECK ("ingests"."source" in ('manifest', 'metricflow'))
);
--> statement-breakpoint
CREATE TABLE "link_suggestions" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "link_suggestions_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"term_id" integer NOT NULL,
	"domain_id" integer NOT NULL,
	"project" text NOT NULL,
	"kind" text NOT NULL,
	"path" text NOT NULL,
	"confidence" double precision NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"ingest_id" integer NOT NULL,
	"decided_by" integer,
	"decided_at" timestamp with time zone,
	CONSTRAINT "link_suggestions_status_check" CHECK ("link_suggestions"."status" in ('open', 'accepted', 'rejected')),
	CONSTRAINT "link_suggestions_confidence_check" CHECK ("link_suggestions"."confidence" >= 0 and "link_suggestions"."confidence" <= 1)
);
--> statement-breakpoint
CREATE TABLE "usages" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "usages_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"term_id" integer NOT NULL,
	"domain_id" integer NOT NULL,
	"project" text NOT NULL,
	"kind" text NOT NULL,
	"path" text NOT NULL,
	"description" text NOT NULL,
	"link_source" text NOT NULL,
	"first_ingest_id" integer NOT NULL,
	"last_ingest_id" integer NOT NULL,
	"changed_ingest_id" integer NOT NULL,
	"previous_description" text,
	"drift_score" double precision,
	"measured_version" integer NOT NULL,
	"removed_ingest_id" integer,
	CONSTRAINT "usages_kind_check" CHECK ("usages"."kind" in ('model', 'column', 'metric', 'semantic')),
	CONSTRAINT "usages_link_source_check" CHECK ("usages"."link_source" in ('explicit', 'accepted'))
);
--> statement-breakpoint
ALTER TABLE "ingests" ADD CONSTRAINT "ingests_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_suggestions" ADD CONSTRAINT "link_suggestions_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_suggestions" ADD CONSTRAINT "link_suggestions_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_suggestions" ADD CONSTRAINT "link_suggestions_ingest_id_ingests_id_fk" FOREIGN KEY ("ingest_id") REFERENCES "public"."ingests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "link_suggestions" ADD CONSTRAINT "link_suggestions_decided_by_members_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usages" ADD CONSTRAINT "usages_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usages" ADD CONSTRAINT "usages_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usages" ADD CONSTRAINT "usages_first_ingest_id_ingests_id_fk" FOREIGN KEY ("first_ingest_id") REFERENCES "public"."ingests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usages" ADD CONSTRAINT "usages_last_ingest_id_ingests_id_fk" FOREIGN KEY ("last_ingest_id") REFERENCES "public"."ingests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usages" ADD CONSTRAINT "usages_changed_ingest_id_ingests_id_fk" FOREIGN KEY ("changed_ingest_id") REFERENCES "public"."ingests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "usages" ADD CONSTRAINT "usages_removed_ingest_id_ingests_id_fk" FOREIGN KEY ("removed_ingest_id") REFERENCES "public"."ingests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ingests_domain_project_idx" ON "ingests" USING btree ("domain_id","project","id");--> statement-breakpoint
CREATE UNIQUE INDEX "link_suggestions_place_idx" ON "link_suggestions" USING btree ("domain_id","project","path","term_id");--> statement-breakpoint
CREATE INDEX "link_suggestions_term_idx" ON "link_suggestions" USING btree ("term_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "usages_place_idx" ON "usages" USING btree ("domain_id","project","path","term_id");--> statement-breakpoint
CREATE INDEX "usages_term_idx" ON "usages" USING btree ("term_id");