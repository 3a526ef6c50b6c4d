-- A member as JSON (id, display name, identities oldest first), or null: what loadMembers reads, for the above.
create or replace function concord_member_json(wanted integer) returns json
language sql stable as $$
  select json_build_object('id', m.id, 'displayName', m.display_name, 'refs', coalesce((
      select json_agg(i.ref order by i.created_at, i.ref) from member_identities i where i.member_id = m.id), '[]'::json))
  from members m
  where m.id = wanted
$$;
--> statement-breakpoint
-- A term with its current version, aliases, consumers, related terms and variants, as one JSON value: what a
-- lookup answers with, in one round trip. A PL/pgSQL function keeps its plan for the session, so the embedded
-- database does not plan this query again for every lookup (planning was most of its cost there). Replace the
-- function in a new migration whenever a column it reads changes; src/db/repositories/terms.ts reads its JSON.
create or replace function concord_term_details(wanted integer) returns json
language plpgsql stable as $$
begin
  return (
    select json_build_object(
      'term', json_build_object(
        'id', t.id, 'slug', t.slug, 'name', t.name, 'status', t.status, 'policy', t.policy,
        'currentVersion', t.current_version, 'tags', t.tags, 'createdAt', t.created_at, 'updatedAt', t.updated_at,
        'owner', case when d.id is null then null else json_build_object('id', d.id, 'slug', d.slug, 'name', d.name) end),
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
