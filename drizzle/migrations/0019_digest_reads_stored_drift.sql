-- What a variant's drift figure is stored by, computed where the texts are: the measure, then the agreed text's
-- length in UTF-8 bytes, then both texts, hashed with SHA-256 (src/core/glossary/drift.ts driftKey computes the
-- same). The digest reads each variant's key and stored score in the same query as the variant, and the texts
-- only of those never measured: a week's digest then neither reads nor hashes the texts it measured before.
create or replace function concord_drift_key(wanted_measure text, agreed text, other text) returns text
language sql immutable parallel safe as $$
  select encode(sha256(convert_to(wanted_measure || ':' || octet_length(convert_to(agreed, 'UTF8')) || ':' || agreed || other, 'UTF8')), 'base64')
$$;
--> statement-breakpoint
-- Figures stored under the earlier keys (SHA-1, computed by the application) are never read again.
delete from "drift_figures";
--> statement-breakpoint
drop function if exists concord_variant_page(integer, integer, integer);
--> statement-breakpoint
-- A page of the variants of active terms as the digest reads them: up to `size` after (term id, domain id), in that
-- order, each as [term id, term slug, term name, term status, current version, owning domain id, domain id, base
-- version, updated at, drift key, stored score, variant text, current definition]: the two texts only when no
-- figure of `wanted_measure` is stored under the key. Replaces 0016's; src/db/repositories/digests.ts reads it.
create or replace function concord_variant_page(after_term integer, after_domain integer, size integer, wanted_measure text) returns json
language plpgsql stable as $$
declare
  result json;
begin
  with page as (
    select v.term_id, v.domain_id, v.text, v.base_version, v.updated_at, t.slug, t.name, t.status, t.current_version, t.owner_domain_id
    from variants v
    join terms t on t.id = v.term_id
    where t.status = 'active' and (v.term_id, v.domain_id) > (after_term, after_domain)
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
--> statement-breakpoint
-- A page of the present usages of active terms in the domains' data products: the usages after id `after_id`, `size`
-- of them in id order, as {"last": the last id read, "read": how many were read, "rows": [[usage id, term id, domain
-- id, project, kind, path, current version, score, description, current definition], …]} (removed usages, and those of terms no longer
-- active, are read but left out of the rows). A usage keeps its own figure (measured at ingest, or by a digest since):
-- the score when it was measured against the current version by `wanted_measure`, else null and the two texts. A
-- usage with no description has neither.
create or replace function concord_usage_page(after_id integer, size integer, wanted_measure text) returns json
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
           'rows', coalesce((
             select json_agg(json_build_array(p.id, p.term_id, p.domain_id, p.project, p.kind, p.path, p.current_version,
                      case when p.known then p.drift_score end,
                      case when p.description <> '' and not p.known then p.description end,
                      case when p.description <> '' and not p.known then d.text end)
                    order by p.id)
             from placed p
             left join definition_versions d on not p.known and p.description <> '' and d.term_id = p.term_id and d.version = p.current_version), '[]'::json))
    into result;
  return result;
end
$$;
