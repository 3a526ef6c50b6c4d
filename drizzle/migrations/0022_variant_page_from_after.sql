-- 0019's concord_variant_page joined the page's variants to the terms by a merge join that read the terms from the
-- first one on every page: a page near the end of 100,000 terms read 80,000 of them (30 ms on PGlite for 100 rows).
-- The terms are now read from the page's first term (t.id >= after_term); the page is otherwise the same. Read by
-- src/db/repositories/digests.ts.
create or replace function concord_variant_page(after_term integer, after_domain integer, size integer, wanted_measure text) returns json
language plpgsql stable as $$
declare
  result json;
begin
  with page as (
    select v.term_id, v.domain_id, v.text, v.base_version, v.updated_at, t.slug, t.name, t.status, t.current_version, t.owner_domain_id
    from variants v
    join terms t on t.id = v.term_id
    where t.status = 'active' and (v.term_id, v.domain_id) > (after_term, after_domain) and t.id >= after_term
    order by v.term_id, v.domain_id
    limit size
  ), keyed as (
    select p.*, d.text as definition, concord_drift_key(wanted_measure, d.text, p.text) as key
    from page p
    join definition_versions d on d.term_id = p.term_id and d.version = p.current_version
    where d.term_id >= after_term and d.term_id <= (select max(term_id) from page)
  ), scored as (
    select k.*, f.score from keyed k left join drift_figures f on f.key = k.key and f.measure = wanted_measure
  )
  select coalesce(json_agg(json_build_array(s.term_id, s.slug, s.name, s.status, s.current_version, s.owner_domain_id, s.domain_id,
           s.base_version, s.updated_at, s.key, s.score,
           case when s.score is null then s.text end, case when s.score is null then s.definition end)
         order by s.term_id, s.domain_id), '[]'::json)
    into result
  from scored s;
  return result;
end
$$;
