CREATE TABLE "audit_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "audit_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"at" timestamp with time zone NOT NULL,
	"actor_ref" text NOT NULL,
	"action" text NOT NULL,
	"subject_type" text NOT NULL,
	"subject_id" text NOT NULL,
	"before" jsonb,
	"after" jsonb
);
--> statement-breakpoint
CREATE TABLE "domain_channels" (
	"domain_id" integer NOT NULL,
	"platform" text NOT NULL,
	"channel_id" text NOT NULL,
	"address" jsonb,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "domain_channels_domain_id_platform_pk" PRIMARY KEY("domain_id","platform")
);
--> statement-breakpoint
CREATE TABLE "domain_owners" (
	"domain_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "domain_owners_domain_id_member_id_pk" PRIMARY KEY("domain_id","member_id")
);
--> statement-breakpoint
CREATE TABLE "domains" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "domains_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "domains_slug_unique" UNIQUE("slug")
);
--> statement-breakpoint
CREATE TABLE "member_identities" (
	"ref" text PRIMARY KEY NOT NULL,
	"member_id" integer NOT NULL,
	"platform" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "members" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "members_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"display_name" text,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "definition_versions" (
	"term_id" integer NOT NULL,
	"version" integer NOT NULL,
	"text" text NOT NULL,
	"example" text,
	"formula" text,
	"proposed_by" integer,
	"proposal_id" integer,
	"agreed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "definition_versions_term_id_version_pk" PRIMARY KEY("term_id","version"),
	CONSTRAINT "definition_versions_version_check" CHECK ("definition_versions"."version" >= 1)
);
--> statement-breakpoint
CREATE TABLE "term_aliases" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "term_aliases_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"term_id" integer NOT NULL,
	"alias" text NOT NULL,
	"slug" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "term_aliases_term_slug_unique" UNIQUE("term_id","slug")
);
--> statement-breakpoint
CREATE TABLE "term_consumers" (
	"term_id" integer NOT NULL,
	"domain_id" integer NOT NULL,
	"added_at" timestamp with time zone NOT NULL,
	CONSTRAINT "term_consumers_term_id_domain_id_pk" PRIMARY KEY("term_id","domain_id")
);
--> statement-breakpoint
CREATE TABLE "term_relations" (
	"term_id" integer NOT NULL,
	"related_term_id" integer NOT NULL,
	CONSTRAINT "term_relations_term_id_related_term_id_pk" PRIMARY KEY("term_id","related_term_id")
);
--> statement-breakpoint
CREATE TABLE "terms" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "terms_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"slug" text NOT NULL,
	"name" text NOT NULL,
	"owner_domain_id" integer,
	"status" text DEFAULT 'active' NOT NULL,
	"policy" text,
	"current_version" integer NOT NULL,
	"tags" text[] DEFAULT '{}'::text[] NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "terms_slug_unique" UNIQUE("slug"),
	CONSTRAINT "terms_status_check" CHECK ("terms"."status" in ('active', 'deprecated')),
	CONSTRAINT "terms_policy_check" CHECK ("terms"."policy" is null or "terms"."policy" in ('unanimous', 'majority', 'owner', 'lazy'))
);
--> statement-breakpoint
CREATE TABLE "variants" (
	"term_id" integer NOT NULL,
	"domain_id" integer NOT NULL,
	"text" text NOT NULL,
	"base_version" integer NOT NULL,
	"updated_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "variants_term_id_domain_id_pk" PRIMARY KEY("term_id","domain_id")
);
--> statement-breakpoint
ALTER TABLE "domain_channels" ADD CONSTRAINT "domain_channels_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_owners" ADD CONSTRAINT "domain_owners_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "domain_owners" ADD CONSTRAINT "domain_owners_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "member_identities" ADD CONSTRAINT "member_identities_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "definition_versions" ADD CONSTRAINT "definition_versions_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "definition_versions" ADD CONSTRAINT "definition_versions_proposed_by_members_id_fk" FOREIGN KEY ("proposed_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "term_aliases" ADD CONSTRAINT "term_aliases_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "term_consumers" ADD CONSTRAINT "term_consumers_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "term_consumers" ADD CONSTRAINT "term_consumers_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "term_relations" ADD CONSTRAINT "term_relations_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "term_relations" ADD CONSTRAINT "term_relations_related_term_id_terms_id_fk" FOREIGN KEY ("related_term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms" ADD CONSTRAINT "terms_owner_domain_id_domains_id_fk" FOREIGN KEY ("owner_domain_id") REFERENCES "public"."domains"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "variants" ADD CONSTRAINT "variants_updated_by_members_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."members"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "audit_events_subject_idx" ON "audit_events" USING btree ("subject_type","subject_id");--> statement-breakpoint
CREATE INDEX "audit_events_at_idx" ON "audit_events" USING btree ("at");--> statement-breakpoint
CREATE INDEX "domain_owners_member_idx" ON "domain_owners" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "member_identities_member_idx" ON "member_identities" USING btree ("member_id");--> statement-breakpoint
CREATE INDEX "definition_versions_text_fts_idx" ON "definition_versions" USING gin (to_tsvector('english', "text"));--> statement-breakpoint
CREATE INDEX "term_aliases_slug_idx" ON "term_aliases" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "term_aliases_slug_trgm_idx" ON "term_aliases" USING gin ("slug" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "term_consumers_domain_idx" ON "term_consumers" USING btree ("domain_id");--> statement-breakpoint
CREATE INDEX "terms_slug_trgm_idx" ON "terms" USING gin ("slug" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "terms_owner_idx" ON "terms" USING btree ("owner_domain_id");--> statement-breakpoint
CREATE INDEX "variants_domain_idx" ON "variants" USING btree ("domain_id");