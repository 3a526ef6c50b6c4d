drop function if exists concord_usage_page(integer, integer, text);
--> statement-breakpoint
-- A page of the present usages of active terms in the domains' data products, as the digest reads them: the usages
-- after id `after_id`, `size` of them in id order, as {"last": the last id read, "read": how many were read,
-- "present": how many of them are present usages of active terms, "below": {"count", "sum"} of the stored scores
-- under `threshold`, "rows": [[usage id, term id, domain id, project, kind, path, current version, score,
-- description, current definition], …]}. Only the usages the digest names or measures are rows: a stored score at
-- or past the threshold, or a described usage with none stored by `wanted_measure` against the current version
-- (then the score is null and the two texts are there); the rest are counted. Replaces 0019's; read by
-- src/db/repositories/digests.ts.
create or replace function concord_usage_page(after_id integer, size integer, wanted_measure text, threshold double precision) returns json
language plpgsql stable as $$
declare
  result json;
begin
  -- The page is read by id alone, so it is an index range whatever the statistics say.
  with scanned as (
    select u.id, u.term_id, u.domain_id, u.project, u.kind, u.path, u.description, u.removed_ingest_id,
           u.drift_score, u.measured_version, u.drift_measure
    from usages u
    where u.id > after_id
    order by u.id
    limit size
  ), placed as (
    select s.*, t.current_version,
           coalesce(s.description <> '' and s.drift_score is not null and s.measured_version = t.current_version
             and s.drift_measure = wanted_measure, false) as known
    from scanned s
    join terms t on t.id = s.term_id and t.status = 'active'
    where s.removed_ingest_id is null
  )
  select json_build_object(
           'last', (select max(id) from scanned),
           'read', (select count(*) from scanned),
           'present', (select count(*) from placed),
           'below', (select json_build_object('count', count(*), 'sum', coalesce(sum(drift_score), 0))
                     from placed where known and drift_score < threshold),
           'rows', coalesce((
             select json_agg(json_build_array(p.id, p.term_id, p.domain_id, p.project, p.kind, p.path, p.current_version,
                      case when p.known then p.drift_score end,
                      case when not p.known then p.description end,
                      case when not p.known then d.text end)
                    order by p.id)
             from placed p
             left join definition_versions d on not p.known and d.term_id = p.term_id and d.version = p.current_version
             where p.description <> '' and (not p.known or p.drift_score >= threshold)), '[]'::json))
    into result;
  return result;
end
$$;
--> statement-breakpoint
-- The active terms no present usage of a data product links to: how many, and the first `size` by id as
-- [[id, slug, name, status, owning domain id], …].
create or replace function concord_unused_terms(size integer) returns json
language sql stable as $$
  with unused as (
    select t.id, t.slug, t.name, t.status, t.owner_domain_id
    from terms t
    where t.status = 'active'
      and not exists (select 1 from usages u where u.term_id = t.id and u.removed_ingest_id is null)
  )
  select json_build_object(
    'total', (select count(*) from unused),
    'first', coalesce((select json_agg(json_build_array(f.id, f.slug, f.name, f.status, f.owner_domain_id) order by f.id)
                       from (select * from unused order by id limit size) f), '[]'::json))
$$;
