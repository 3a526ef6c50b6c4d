ALTER TABLE "terms" ADD COLUMN "replaced_by_id" integer;--> statement-breakpoint
ALTER TABLE "proposals" ADD COLUMN "replacement_term_id" integer;--> statement-breakpoint
ALTER TABLE "terms" ADD CONSTRAINT "terms_replaced_by_id_terms_id_fk" FOREIGN KEY ("replaced_by_id") REFERENCES "public"."terms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "proposals" ADD CONSTRAINT "proposals_replacement_term_id_terms_id_fk" FOREIGN KEY ("replacement_term_id") REFERENCES "public"."terms"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
-- A lookup also names who stewards the term, the term a deprecated one points to, and the changes under vote.
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
      'related', coalesce((
        select json_agg(json_build_object('id', r.id, 'slug', r.slug, 'name', r.name, 'status', r.status) order by r.name)
        from term_relations tr join terms r on r.id = tr.related_term_id
        where tr.term_id = t.id), '[]'::json),
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
