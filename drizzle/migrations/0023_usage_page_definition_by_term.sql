-- 0021's concord_usage_page, but for where a row's agreed definition is read: by the usage's term and current
-- version, only for a row whose figure is not known, rather than a left join that the planner, once the usages had
-- statistics, made a hash join reading all 100,000 definitions for every page (a digest's usages then took 1.5 s on
-- PGlite instead of 0.8). The page is otherwise the same (see 0021). Read by src/db/repositories/digests.ts.
create or replace function concord_usage_page(after_id integer, size integer, wanted_measure text, threshold double precision, keep integer)
returns json
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
  ), cutoff as (
    select min(drift_score) as score
    from (select drift_score from placed where known and drift_score >= threshold order by drift_score desc limit keep) top
  )
  select json_build_object(
           'last', (select max(id) from scanned),
           'read', (select count(*) from scanned),
           'present', (select count(*) from placed),
           'terms', coalesce((select json_agg(distinct term_id) from placed), '[]'::json),
           'below', (select json_build_object('count', count(*), 'sum', coalesce(sum(drift_score), 0))
                     from placed where known and drift_score < threshold),
           'past', (select json_build_object('count', count(*), 'sum', coalesce(sum(drift_score), 0))
                    from placed where known and drift_score >= threshold),
           'rows', coalesce((
             select json_agg(json_build_array(p.id, p.term_id, p.domain_id, p.project, p.kind, p.path, p.current_version,
                      case when p.known then p.drift_score end,
                      case when not p.known then p.description end,
                      case when not p.known then
                        (select d.text from definition_versions d where d.term_id = p.term_id and d.version = p.current_version)
                      end)
                    order by p.id)
             from placed p
             where p.description <> ''
               and (not p.known or p.drift_score >= greatest(threshold, (select score from cutoff)))), '[]'::json))
    into result;
  return result;
end
$$;
