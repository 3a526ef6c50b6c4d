CREATE TABLE "outbox_deliveries" (
	"event_id" bigint NOT NULL,
	"destination" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone NOT NULL,
	"lease_until" timestamp with time zone,
	"lease_token" text,
	"last_error" text,
	"delivered_at" timestamp with time zone,
	CONSTRAINT "outbox_deliveries_event_id_destination_pk" PRIMARY KEY("event_id","destination"),
	CONSTRAINT "outbox_deliveries_status_check" CHECK ("outbox_deliveries"."status" in ('pending', 'delivered', 'dead'))
);
--> statement-breakpoint
CREATE TABLE "outbox_events" (
	"id" bigint PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "outbox_events_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 9223372036854775807 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"proposal_id" integer,
	"payload" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proposal_domains" (
	"proposal_id" integer NOT NULL,
	"domain_id" integer NOT NULL,
	"owning" boolean NOT NULL,
	CONSTRAINT "proposal_domains_proposal_id_domain_id_pk" PRIMARY KEY("proposal_id","domain_id")
);
--> statement-breakpoint
CREATE TABLE "proposals" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "proposals_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"kind" text NOT NULL,
	"term_id" integer,
	"term_slug" text NOT NULL,
	"term_name" text NOT NULL,
	"base_version" integer,
	"text" text,
	"example" text,
	"formula" text,
	"rationale" text NOT NULL,
	"proposer_id" integer NOT NULL,
	"proposer_ref" text NOT NULL,
	"policy" text NOT NULL,
	"allow_self_approval" boolean NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"deadline" timestamp with time zone NOT NULL,
	"reminded_at" timestamp with time zone,
	"decided_at" timestamp with time zone,
	"result_version" integer,
	"superseded_by" integer,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "proposals_kind_check" CHECK ("proposals"."kind" in ('create', 'amend', 'deprecate')),
	CONSTRAINT "proposals_status_check" CHECK ("proposals"."status" in ('open', 'approved', 'rejected', 'expired', 'superseded', 'withdrawn')),
	CONSTRAINT "proposals_policy_check" CHECK ("proposals"."policy" in ('unanimous', 'majority', 'owner', 'lazy'))
);
--> statement-breakpoint
CREATE TABLE "votes" (
	"proposal_id" integer NOT NULL,
	"member_id" integer NOT NULL,
	"voter_ref" text NOT NULL,
	"position" text NOT NULL,
	"reason" text,
	"comment" text,
	"cast_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "votes_proposal_id_member_id_pk" PRIMARY KEY("proposal_id","member_id"),
	CONSTRAINT "votes_position_check" CHECK ("votes"."position" in ('approve', 'object', 'abstain')),
	CONSTRAINT "votes_reason_check" CHECK ("votes"."position" <> 'object' or coalesce(length(trim("votes"."reason")), 0) > 0)
);
--> statement-breakpoint
ALTER TABLE "outbox_deliveries" ADD CONSTRAINT "outbox_deliveries_event_id_outbox_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."outbox_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_domains" ADD CONSTRAINT "proposal_domains_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposal_domains" ADD CONSTRAINT "proposal_domains_domain_id_domains_id_fk" FOREIGN KEY ("domain_id") REFERENCES "public"."domains"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_proposer_id_members_id_fk" FOREIGN KEY ("proposer_id") REFERENCES "public"."members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_proposal_id_proposals_id_fk" FOREIGN KEY ("proposal_id") REFERENCES "public"."proposals"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "votes" ADD CONSTRAINT "votes_member_id_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."members"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "outbox_deliveries_due_idx" ON "outbox_deliveries" USING btree ("destination","next_attempt_at") WHERE "outbox_deliveries"."status" = 'pending';--> statement-breakpoint
CREATE INDEX "outbox_events_proposal_idx" ON "outbox_events" USING btree ("proposal_id");--> statement-breakpoint
CREATE INDEX "proposal_domains_domain_idx" ON "proposal_domains" USING btree ("domain_id");--> statement-breakpoint
CREATE INDEX "proposals_open_deadline_idx" ON "proposals" USING btree ("deadline") WHERE "proposals"."status" = 'open';--> statement-breakpoint
CREATE INDEX "proposals_term_slug_idx" ON "proposals" USING btree ("term_slug","status");