-- A page of the glossary as the digest reads it: up to `size` active terms after id `after`, in id order, each as
-- [id, slug, name, status, current version, owning domain id, current definition, alias slugs]. A PL/pgSQL
-- function keeps its plan for the session, so the embedded database does not plan the read again for each of the
-- fifty pages of a 100,000-term glossary; the definitions are read by the range of ids the page spans, not joined
-- whole. Replace it in a new migration whenever a column it reads changes; src/db/repositories/digests.ts reads it.
create or replace function concord_corpus_page(after integer, size integer) returns json
language plpgsql stable as $$
declare
  result json;
begin
  with page as (
    select id, slug, name, status, current_version, owner_domain_id
    from terms
    where status = 'active' and id > after
    order by id
    limit size
  )
  select coalesce(json_agg(json_build_array(p.id, p.slug, p.name, p.status, p.current_version, p.owner_domain_id, v.text,
           coalesce((select array_agg(a.slug order by a.slug) from term_aliases a where a.term_id = p.id), '{}'::text[]))
         order by p.id), '[]'::json)
    into result
  from page p
  join definition_versions v on v.term_id = p.id and v.version = p.current_version
  where v.term_id > after and v.term_id <= (select max(id) from page);
  return result;
end
$$;
--> statement-breakpoint
-- A page of the variants of active terms as the digest reads them: up to `size` after (term id, domain id), in that
-- order, each as [term id, term slug, term name, term status, current version, owning domain id, domain id, variant
-- text, base version, updated at, current definition]; like concord_corpus_page, planned once a session and reading
-- the definitions by the range of term ids the page spans.
create or replace function concord_variant_page(after_term integer, after_domain integer, size integer) returns json
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
  )
  select coalesce(json_agg(json_build_array(p.term_id, p.slug, p.name, p.status, p.current_version, p.owner_domain_id, p.domain_id,
           p.text, p.base_version, p.updated_at, d.text) order by p.term_id, p.domain_id), '[]'::json)
    into result
  from page p
  join definition_versions d on d.term_id = p.term_id and d.version = p.current_version
  where d.term_id >= after_term and d.term_id <= (select max(term_id) from page);
  return result;
end
$$;
