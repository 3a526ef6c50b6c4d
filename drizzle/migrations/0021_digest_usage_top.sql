drop function if exists concord_usage_page(integer, integer, text, double precision);
--> statement-breakpoint
-- The terms no data product uses are now told from the usage pages' term ids (see "terms" below).
drop function if exists concord_unused_terms(integer);
--> statement-breakpoint
-- A page of the present usages of active terms in the domains' data products, as the digest reads them: the usages
-- after id `after_id`, `size` of them in id order, as {"last": the last id read, "read": how many were read,
-- "present": how many of them are present usages of active terms, "terms": the distinct ids of those terms (the
-- digest tells the terms no data product uses from them), "below" and "past": {"count", "sum"} of the stored
-- scores under `threshold` and at or past it, "rows": [[usage id, term id, domain id, project, kind, path, current
-- version, score, description, current definition], …]}. Rows are only what the digest names or measures: a
-- described usage with no score stored by `wanted_measure` against the current version (then the score is null and
-- the two texts are there), and the page's `keep` most drifted stored scores past the threshold with every score tied
-- with the last of them (the digest names the most drifted of all pages). The rest are counted. Replaces 0020's; read
-- by src/db/repositories/digests.ts.
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
                      case when not p.known then d.text end)
                    order by p.id)
             from placed p
             left join definition_versions d on not p.known and d.term_id = p.term_id and d.version = p.current_version
             where p.description <> ''
               and (not p.known or p.drift_score >= greatest(threshold, (select score from cutoff)))), '[]'::json))
    into result;
  return result;
end
$$;
--> statement-breakpoint
drop function if exists concord_unused_terms(integer);
