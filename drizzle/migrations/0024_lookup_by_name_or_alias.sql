-- A lookup by a name or an alias in one call whose query keeps its plan: the term named by the slug, else the one
-- term having it as an alias (counted to two at most: ambiguous), with its details (concord_term_details, 0017).
-- Sent as a statement, the same query was planned on every lookup, which on PGlite also reads the size of every
-- index of terms and term_aliases. Read by src/db/repositories/terms.ts (detailsByNameOrAlias).
create or replace function concord_lookup(wanted_slug text) returns json
language plpgsql stable as $$
declare
  named integer;
  matches integer;
  aliased integer;
begin
  select t.id into named from terms t where t.slug = wanted_slug;
  if named is not null then
    return json_build_object('matchedBy', 'name', 'aliasMatches', 0, 'details', concord_term_details(named));
  end if;
  select count(*)::int, min(x.term_id) into matches, aliased
  from (select ta.term_id from term_aliases ta where ta.slug = wanted_slug limit 2) x;
  if matches = 1 then
    return json_build_object('matchedBy', 'alias', 'aliasMatches', 1, 'details', concord_term_details(aliased));
  end if;
  return json_build_object('matchedBy', null, 'aliasMatches', matches, 'details', null);
end
$$;
