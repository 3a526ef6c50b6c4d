CREATE TABLE "glossary_fields" (
	"key" text PRIMARY KEY NOT NULL,
	"value" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "term_references" (
	"term_id" integer NOT NULL,
	"position" integer NOT NULL,
	"label" text NOT NULL,
	"url" text NOT NULL,
	CONSTRAINT "term_references_term_id_position_pk" PRIMARY KEY("term_id","position")
);
--> statement-breakpoint
CREATE TABLE "imports" (
	"id" integer PRIMARY KEY GENERATED ALWAYS AS IDENTITY (sequence name "imports_id_seq" INCREMENT BY 1 MINVALUE 1 MAXVALUE 2147483647 START WITH 1 CACHE 1),
	"actor_ref" text NOT NULL,
	"file_name" text NOT NULL,
	"format" text NOT NULL,
	"counts" jsonb NOT NULL,
	"at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "term_relations" DROP CONSTRAINT "term_relations_term_id_related_term_id_pk";--> statement-breakpoint
ALTER TABLE "term_relations" ADD COLUMN "type" text DEFAULT 'related' NOT NULL;--> statement-breakpoint
ALTER TABLE "term_relations" ADD CONSTRAINT "term_relations_term_id_type_related_term_id_pk" PRIMARY KEY("term_id","type","related_term_id");--> statement-breakpoint
ALTER TABLE "term_relations" ADD COLUMN "created_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "terms" ADD COLUMN "parent_id" integer;--> statement-breakpoint
ALTER TABLE "terms" ADD COLUMN "catalogue_fields" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "parent_slug" text;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "extras" jsonb;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "import_id" integer;--> statement-breakpoint
ALTER TABLE "term_references" ADD CONSTRAINT "term_references_term_id_terms_id_fk" FOREIGN KEY ("term_id") REFERENCES "public"."terms"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "terms" ADD CONSTRAINT "terms_parent_id_terms_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."terms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_import_id_imports_id_fk" FOREIGN KEY ("import_id") REFERENCES "public"."imports"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "term_relations_related_idx" ON "term_relations" USING btree ("related_term_id");--> statement-breakpoint
CREATE INDEX "terms_parent_idx" ON "terms" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "proposals_parent_slug_idx" ON "proposals" USING btree ("parent_slug") WHERE "proposals"."parent_slug" is not null;--> statement-breakpoint
CREATE INDEX "proposals_import_idx" ON "proposals" USING btree ("import_id") WHERE "proposals"."import_id" is not null;--> statement-breakpoint
ALTER TABLE "term_relations" ADD CONSTRAINT "term_relations_type_check" CHECK ("term_relations"."type" in ('related', 'synonym', 'antonym', 'broader', 'part-of', 'see-also'));--> statement-breakpoint
ALTER TABLE "term_relations" ADD CONSTRAINT "term_relations_not_self_check" CHECK ("term_relations"."term_id" <> "term_relations"."related_term_id");--> statement-breakpoint
ALTER TABLE "terms" ADD CONSTRAINT "terms_parent_not_self_check" CHECK ("terms"."parent_id" is null or "terms"."parent_id" <> "terms"."id");--> statement-breakpoint
-- A lookup also shows where the term sits (its parent, the line of ancestors for a breadcrumb, its first children),
-- its typed relations read from its own side (a stored broader is the other term's narrower), its references and
-- the catalogue fields kept for export. Replaces 0009's function; src/db/repositories/terms.ts reads its JSON.
create or replace function concord_term_details(wanted integer) returns json
language plpgsql stable as $$
begin
  return (
    select json_build_object(
      'term', json_build_object(
        'id', t.id, 'slug', t.slug, 'name', t.name, 'status', t.status, 'policy', t.policy,
        'currentVersion', t.current_version, 'tags', t.tags, 'createdAt', t.created_at, 'updatedAt', t.updated_at,
        'owner', case when d.id is null then null else json_build_object('id', d.id, 'slug', d.slug, 'name', d.name) end),
      'replacedBy', (
        select json_build_object('id', r.id, 'slug', r.slug, 'name', r.name, 'status', r.status)
        from terms r where r.id = t.replaced_by_id),
      'stewards', coalesce((
        select json_agg(concord_member_json(o.member_id) order by o.added_at, o.member_id)
        from domain_owners o where o.domain_id = t.owner_domain_id), '[]'::json),
      'underVote', coalesce((
        select json_agg(json_build_object('id', p.id, 'kind', p.kind, 'deadline', p.deadline) order by p.deadline, p.id)
        from proposals p where p.term_slug = t.slug and p.status = 'open'), '[]'::json),
      'current', (
        select json_build_object(
          'version', v.version, 'text', v.text, 'example', v.example, 'formula', v.formula,
          'proposalId', v.proposal_id, 'agreedAt', v.agreed_at, 'proposedBy', concord_member_json(v.proposed_by))
        from definition_versions v
        where v.term_id = t.id and v.version = t.current_version),
      'aliases', coalesce((
        select json_agg(a.alias order by a.alias) from term_aliases a where a.term_id = t.id), '[]'::json),
      'consumers', coalesce((
        select json_agg(json_build_object('id', cd.id, 'slug', cd.slug, 'name', cd.name) order by cd.slug)
        from term_consumers c join domains cd on cd.id = c.domain_id
        where c.term_id = t.id), '[]'::json),
      'ancestors', coalesce((
        with recursive line(id, parent_id, depth) as (
          select p.id, p.parent_id, 1 from terms p where p.id = t.parent_id
          union all
          select p.id, p.parent_id, line.depth + 1 from terms p join line on p.id = line.parent_id where line.depth < 100)
        select json_agg(json_build_object('id', a.id, 'slug', a.slug, 'name', a.name, 'status', a.status) order by line.depth desc)
        from line join terms a on a.id = line.id), '[]'::json),
      'children', coalesce((
        select json_agg(json_build_object('id', c.id, 'slug', c.slug, 'name', c.name, 'status', c.status) order by c.name, c.id)
        from (select * from terms c where c.parent_id = t.id order by c.name, c.id limit 50) c), '[]'::json),
      'childCount', (select count(*) from terms c where c.parent_id = t.id),
      'relations', coalesce((
        select json_agg(json_build_object('type', x.type, 'term',
            json_build_object('id', r.id, 'slug', r.slug, 'name', r.name, 'status', r.status)) order by x.type, r.name, r.id)
        from (
          select tr.type, tr.related_term_id as other from term_relations tr where tr.term_id = t.id
          union all
          select case tr.type when 'broader' then 'narrower' when 'part-of' then 'has-part' else tr.type end, tr.term_id
          from term_relations tr where tr.related_term_id = t.id) x
        join terms r on r.id = x.other), '[]'::json),
      'references', coalesce((
        select json_agg(json_build_object('label', f.label, 'url', f.url) order by f.position)
        from term_references f where f.term_id = t.id), '[]'::json),
      'catalogueFields', t.catalogue_fields,
      'variants', coalesce((
        select json_agg(json_build_object(
            'domain', json_build_object('id', vd.id, 'slug', vd.slug, 'name', vd.name), 'text', va.text,
            'baseVersion', va.base_version, 'updatedAt', va.updated_at, 'updatedBy', concord_member_json(va.updated_by))
          order by vd.slug)
        from variants va join domains vd on vd.id = va.domain_id
        where va.term_id = t.id), '[]'::json))
    from terms t left join domains d on d.id = t.owner_domain_id
    where t.id = wanted);
end
$$;
