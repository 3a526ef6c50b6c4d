-- A lookup also says whether any domain's data product uses the term or is suggested to ('linked'), so that the
-- lookup reads usages and suggestions only for a term that has some: most terms have none, and those two queries
-- were a third of a lookup's time. Replaces 0011's function; src/db/repositories/terms.ts reads its JSON.
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
        where va.term_id = t.id), '[]'::json),
      'linked', exists(select 1 from usages u where u.term_id = t.id and u.removed_ingest_id is null)
        or exists(select 1 from link_suggestions s where s.term_id = t.id and s.status = 'open'))
    from terms t left join domains d on d.id = t.owner_domain_id
    where t.id = wanted);
end
$$;
