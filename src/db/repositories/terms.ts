import { and, asc, desc, eq, inArray, sql, type SQL } from "drizzle-orm";
import type { SearchHit, SimilarTerm, TermRepository } from "../../core/ports.js";
import {
  INVERSE_RELATION,
  type DefinitionVersion,
  type Policy,
  type ProposalKind,
  type RelationType,
  type Term,
  type TermDetails,
  type TermReference,
  type TermStatus,
  type TermSummary,
  type Variant,
} from "../../core/types.js";
import type { Executor } from "../database.js";
import { rowsOf } from "../rows.js";
import {
  definitionVersions,
  domains,
  glossaryFields,
  termAliases,
  termConsumers,
  termReferences,
  termRelations,
  terms,
  variants,
} from "../schema/index.js";
import { loadMembers } from "./members.js";

const termColumns = {
  id: terms.id,
  slug: terms.slug,
  name: terms.name,
  status: terms.status,
  policy: terms.policy,
  currentVersion: terms.currentVersion,
  tags: terms.tags,
  createdAt: terms.createdAt,
  updatedAt: terms.updatedAt,
  ownerId: domains.id,
  ownerSlug: domains.slug,
  ownerName: domains.name,
};

type TermSelect = {
  id: number;
  slug: string;
  name: string;
  status: string;
  policy: string | null;
  currentVersion: number;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
  ownerId: number | null;
  ownerSlug: string | null;
  ownerName: string | null;
};

function toTerm(row: TermSelect): Term {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    status: row.status as TermStatus,
    policy: row.policy as Policy | null,
    currentVersion: row.currentVersion,
    tags: row.tags,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    ownerDomain: row.ownerId === null ? null : { id: row.ownerId, slug: row.ownerSlug!, name: row.ownerName! },
  };
}

/**
 * A relation in the direction it is stored: broader rather than narrower, part of rather than has part, and a
 * symmetric one from the lower key, so that each pair of terms holds a relation once whichever side names it.
 */
function canonicalRelation<K extends number | string>(from: K, type: RelationType, to: K): { from: K; type: RelationType; to: K } {
  if (type === "narrower" || type === "has-part") return { from: to, type: INVERSE_RELATION[type], to: from };
  if (type === "broader" || type === "part-of") return { from, type, to };
  return from <= to ? { from, type, to } : { from: to, type, to: from };
}

/** Inserts rows given as objects into `target` through one json_to_recordset statement a batch. */
async function insertRecordset(db: Executor, target: string, columns: string, rows: readonly object[], conflict = ""): Promise<void> {
  const names = target.slice(target.indexOf("(") + 1, target.lastIndexOf(")"));
  for (let i = 0; i < rows.length; i += 5_000) {
    const json = JSON.stringify(rows.slice(i, i + 5_000));
    await db.execute(sql`insert into ${sql.raw(target)} select ${sql.raw(names)} from json_to_recordset(${json}::json) as r(${sql.raw(columns)}) ${sql.raw(conflict)}`);
  }
}

/** Bundles reordered so that a parent in the same call comes before its children (file order otherwise kept). */
function parentsFirst<B extends { readonly term: { readonly slug: string }; readonly parentSlug?: string | null }>(bundles: readonly B[]): B[] {
  const bySlug = new Map(bundles.map((b) => [b.term.slug, b]));
  const placed = new Set<string>();
  const ordered: B[] = [];
  const place = (bundle: B, depth: number) => {
    if (placed.has(bundle.term.slug)) return;
    const parent = bundle.parentSlug ? bySlug.get(bundle.parentSlug) : undefined;
    // A cycle is refused before this is called; the depth bound only keeps a bad call from looping.
    if (parent && depth < 10_000) place(parent, depth + 1);
    placed.add(bundle.term.slug);
    ordered.push(bundle);
  };
  for (const bundle of bundles) place(bundle, 0);
  return ordered;
}

/** Escapes LIKE's wildcards so user text matches literally. */
function likeContains(text: string): string {
  return `%${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/** How many candidates each branch of a fuzzy query or a search considers before ranking. */
const CANDIDATES = 100;
/** Search keeps a fuzzy name match only this alike: below it, trigram noise outranks real definition matches. */
const SEARCH_FUZZY_FLOOR = 0.4;

/** How well a slug column matches the query's slug `q.slug`: exact 1, contained 0.8–1, else scaled trigram similarity. */
function slugScore(column: SQL, pattern: string): SQL {
  return sql`case when ${column} = q.slug then 1.0
                  when ${column} like ${pattern} then 0.8 + 0.2 * similarity(${column}, q.slug)
                  else 0.8 * similarity(${column}, q.slug) end`;
}

/** Whether a slug column contains the query's slug or is alike enough (through the trigram index). */
function slugMatches(column: SQL, pattern: string): SQL {
  return sql`(${column} like ${pattern} or (${column} % q.slug and similarity(${column}, q.slug) >= ${SEARCH_FUZZY_FLOOR}))`;
}

type SimilarRow = { id: number; slug: string; name: string; status: string; similarity: number; alias: string | null };

/** One suggestion per term (its best match, rows come most alike first), at most `limit`. */
function toSimilarTerms(rows: readonly SimilarRow[], limit: number): SimilarTerm[] {
  const seen = new Set<number>();
  const similar: SimilarTerm[] = [];
  for (const row of rows) {
    if (similar.length === limit) break;
    if (seen.has(row.id)) continue;
    seen.add(row.id);
    similar.push({
      term: { id: row.id, slug: row.slug, name: row.name, status: row.status as TermStatus },
      similarity: Number(row.similarity),
      ...(row.alias === null ? {} : { alias: row.alias }),
    });
  }
  return similar;
}

/*
 * "Did you mean" corrects word by word before it compares whole slugs. Glossary names share most of their trigrams
 * ("…-expense-rate", "…-customer-count"), so a trigram query over 400,000 term and alias slugs rechecks thousands
 * of rows (p99 about a second at 100,000 terms). Most misspellings are one slip in one word, and the words form a
 * small vocabulary (slug_words: about 13,000 words for 400,000 slugs). So: find the spellings one edit away
 * (deleted, swapped, replaced or added letter) of each typed word the vocabulary lacks — or of every word, when
 * all are known but their slug is not — in the vocabulary by primary key, fall back to trigram
 * neighbours in that small table for words further off, rebuild the slugs those spellings make, and look them up
 * exactly in terms and aliases — all through b-tree indexes. Only when no rebuilt slug exists (a missing or extra
 * word, two slips in a known word, a name that is simply not there) does the whole-slug trigram query run.
 * Results keep the port's meaning: trigram similarity between the typed slug and the matched slug, best first.
 */

/** Letters tried when replacing or adding one (a slipped digit is rare); other scripts still get deletions and swaps. */
const EDIT_LETTERS = [..."abcdefghijklmnopqrstuvwxyz"];
/** Spellings kept per typed word, and rebuilt slugs looked up at most, so a long query stays a small lookup. */
const CORRECTIONS_PER_WORD = 8;
const MAX_CORRECTED_SLUGS = 200;
/**
 * Past these sizes a typed name is not a slip of a term's name, and its one-edit spellings would run to millions
 * of strings: the correction is skipped and the bounded trigram query answers.
 */
const MAX_CORRECTED_INPUT = 120;
const MAX_CORRECTED_WORDS = 8;
const MAX_RESPELT_WORD = 30;
/** Candidates per branch of the whole-slug trigram fallback: enough for a handful of distinct terms. */
const FALLBACK_CANDIDATES = 25;

/** Every string one deletion, swap of neighbours, replacement or insertion away from `word`. */
function oneEditAway(word: string): Set<string> {
  const letters = [...word];
  const out = new Set<string>();
  for (let i = 0; i <= letters.length; i++) {
    const head = letters.slice(0, i).join("");
    const tail = letters.slice(i);
    if (tail.length > 0) out.add(head + tail.slice(1).join(""));
    if (tail.length > 1) out.add(head + tail[1]! + tail[0]! + tail.slice(2).join(""));
    for (const letter of EDIT_LETTERS) {
      if (tail.length > 0 && tail[0] !== letter) out.add(head + letter + tail.slice(1).join(""));
      out.add(head + letter + tail.join(""));
    }
  }
  out.delete(word);
  out.delete("");
  return out;
}

/*
 * The candidate lists below are joined through LATERAL … LIMIT subqueries on purpose: they keep each candidate an
 * index probe. Written as `= any(array)` or a plain join, PostgreSQL may instead scan all 300,000 aliases once it
 * plans generically (postgres.js prepares statements) — seconds per lookup, measured.
 */

/** The given words that are in the vocabulary, looked up by primary key. */
async function knownWords(db: Executor, words: Iterable<string>): Promise<Set<string>> {
  const list = [...words].join(",");
  const rows = rowsOf<{ word: string }>(
    await db.execute(sql`
      select s.word from unnest(string_to_array(${list}, ',')) as c(word)
       cross join lateral (select word from slug_words where word = c.word limit 1) s`),
  );
  return new Set(rows.map((r) => r.word));
}

/** Slugs the typed one could have meant: its unknown words corrected, or, when every word is known, one word respelt. */
async function correctedSlugs(db: Executor, slug: string): Promise<string[]> {
  const words = slug.split("-");
  if (slug.length > MAX_CORRECTED_INPUT || words.length > MAX_CORRECTED_WORDS) return [];
  const typed = await knownWords(db, words);
  const unknown = words.flatMap((w, i) => (typed.has(w) ? [] : [i]));
  // Only the words that need it are respelt: a few hundred primary-key probes per word, not thousands.
  const respell = (unknown.length > 0 ? unknown : words.map((_, i) => i)).filter((i) => words[i]!.length <= MAX_RESPELT_WORD);
  const edits = new Map(respell.map((i) => [i, oneEditAway(words[i]!)]));
  const known = await knownWords(db, [...edits.values()].flatMap((e) => [...e]));
  const nearby = words.map((_, i) => [...(edits.get(i) ?? [])].filter((w) => known.has(w)).sort().slice(0, CORRECTIONS_PER_WORD));
  if (unknown.length === 0) {
    const respelt = words.flatMap((_, i) =>
      nearby[i]!.map((w) => [...words.slice(0, i), w, ...words.slice(i + 1)].join("-")),
    );
    return respelt.slice(0, MAX_CORRECTED_SLUGS);
  }
  const far = unknown.filter((i) => nearby[i]!.length === 0);
  if (far.length > 0) {
    // Two or more slips in a word: its nearest words by trigrams, from the small vocabulary table.
    const farWords = far.map((i) => words[i]!);
    const rows = rowsOf<{ typed: string; word: string }>(
      await db.execute(sql`
        select q.typed, s.word
          from unnest(string_to_array(${farWords.join(",")}, ',')) as q(typed)
          cross join lateral (
            select word from slug_words where word % q.typed
             order by similarity(word, q.typed) desc, word limit 3) s`),
    );
    for (const i of far) nearby[i] = rows.filter((r) => r.typed === words[i]).map((r) => r.word);
  }
  let slugs: string[][] = [[]];
  for (const [i, word] of words.entries()) {
    const options = typed.has(word) ? [word] : nearby[i]!;
    slugs = slugs.flatMap((prefix) => options.map((w) => [...prefix, w])).slice(0, MAX_CORRECTED_SLUGS);
  }
  return slugs.map((parts) => parts.join("-"));
}

/** A variant with its domain, as a term's details and the whole-glossary export read it. */
const variantColumns = {
  domainId: domains.id,
  domainSlug: domains.slug,
  domainName: domains.name,
  text: variants.text,
  baseVersion: variants.baseVersion,
  updatedBy: variants.updatedBy,
  updatedAt: variants.updatedAt,
};

type MemberJson = { id: number; displayName: string | null; refs: string[] };
type DomainJson = { id: number; slug: string; name: string };
type DetailsJson = {
  term: Omit<TermSelect, "createdAt" | "updatedAt" | "ownerId" | "ownerSlug" | "ownerName"> & {
    createdAt: string;
    updatedAt: string;
    owner: DomainJson | null;
  };
  current: {
    version: number;
    text: string;
    example: string | null;
    formula: string | null;
    proposalId: number | null;
    agreedAt: string;
    proposedBy: MemberJson | null;
  } | null;
  aliases: string[];
  consumers: DomainJson[];
  /** Since migration 0011. */
  relations?: { type: string; term: SummaryJson }[];
  references?: TermReference[];
  ancestors?: SummaryJson[];
  children?: SummaryJson[];
  childCount?: number | string;
  catalogueFields?: Record<string, string>;
  variants: { domain: DomainJson; text: string; baseVersion: number; updatedAt: string; updatedBy: MemberJson | null }[];
  /** Since migration 0009. */
  replacedBy?: { id: number; slug: string; name: string; status: string } | null;
  stewards?: MemberJson[];
  underVote?: { id: number; kind: string; deadline: string }[];
  linked?: boolean;
};

type DetailsRow = { details: DetailsJson | string | null };
type SummaryJson = { id: number; slug: string; name: string; status: string };

const toSummary = (r: SummaryJson): TermSummary => ({ id: r.id, slug: r.slug, name: r.name, status: r.status as TermStatus });

/** The JSON `concord_term_details` (migrations 0007 to 0017) returns, read back into the core's types. */
function readDetails(row: DetailsRow | undefined): TermDetails | undefined {
  if (!row?.details) return undefined;
  const json = typeof row.details === "string" ? (JSON.parse(row.details) as DetailsJson) : row.details;
  const { createdAt, updatedAt, owner, ...term } = json.term;
  const current = json.current;
  if (!current) throw new Error(`Term ${term.id} has no version ${term.currentVersion}`);
  return {
    term: toTerm({
      ...term,
      createdAt: new Date(createdAt),
      updatedAt: new Date(updatedAt),
      ownerId: owner?.id ?? null,
      ownerSlug: owner?.slug ?? null,
      ownerName: owner?.name ?? null,
    }),
    current: { ...current, agreedAt: new Date(current.agreedAt) },
    aliases: json.aliases,
    consumers: json.consumers,
    relations: (json.relations ?? []).map((r) => ({ type: r.type as RelationType, term: toSummary(r.term) })),
    references: json.references ?? [],
    parent: json.ancestors && json.ancestors.length > 0 ? toSummary(json.ancestors.at(-1)!) : null,
    ancestors: (json.ancestors ?? []).map(toSummary),
    children: (json.children ?? []).map(toSummary),
    childCount: Number(json.childCount ?? 0),
    catalogueFields: json.catalogueFields ?? {},
    variants: json.variants.map((v): Variant => ({ ...v, updatedAt: new Date(v.updatedAt) })),
    replacedBy: json.replacedBy ? { ...json.replacedBy, status: json.replacedBy.status as TermStatus } : null,
    stewards: json.stewards ?? [],
    underVote: (json.underVote ?? []).map((p) => ({ id: p.id, kind: p.kind as ProposalKind, deadline: new Date(p.deadline) })),
    linked: json.linked !== false,
  };
}

/** Terms, aliases, agreed versions, consumers and variants. */
export function createTermRepository(db: Executor): TermRepository {
  const selectTerms = () => db.select(termColumns).from(terms).leftJoin(domains, eq(domains.id, terms.ownerDomainId));

  const versions = async (termId: number): Promise<DefinitionVersion[]> => {
    const rows = await db
      .select()
      .from(definitionVersions)
      .where(eq(definitionVersions.termId, termId))
      .orderBy(asc(definitionVersions.version));
    const members = await loadMembers(
      db,
      rows.flatMap((r) => (r.proposedBy === null ? [] : [r.proposedBy])),
    );
    return rows.map((r) => ({
      version: r.version,
      text: r.text,
      example: r.example,
      formula: r.formula,
      proposedBy: r.proposedBy === null ? null : (members.get(r.proposedBy) ?? null),
      proposalId: r.proposalId,
      agreedAt: r.agreedAt,
    }));
  };

  return {
    async findBySlug(slug) {
      const [row] = await selectTerms().where(eq(terms.slug, slug));
      return row ? toTerm(row) : undefined;
    },
    async findByAlias(aliasSlug) {
      const rows = await selectTerms()
        .innerJoin(termAliases, eq(termAliases.termId, terms.id))
        .where(eq(termAliases.slug, aliasSlug))
        .orderBy(asc(terms.name));
      return rows.map(toTerm);
    },
    async findSimilar(slug, limit): Promise<SimilarTerm[]> {
      if (slug === "") return [];
      const candidates = await correctedSlugs(db, slug);
      if (candidates.length > 0) {
        const list = candidates.join(",");
        const corrected = await db.execute(sql`
          select id, slug, name, status, similarity, alias from (
            select t.id, t.slug, t.name, t.status, similarity(t.slug, ${slug}) as similarity, null::text as alias
              from unnest(string_to_array(${list}, ',')) as c(slug)
             cross join lateral (select id, slug, name, status from terms where terms.slug = c.slug limit 1) t
            union all
            select m.id, m.slug, m.name, m.status, similarity(m.alias_slug, ${slug}) as similarity, m.alias
              from unnest(string_to_array(${list}, ',')) as c(slug)
             cross join lateral (
               select t.id, t.slug, t.name, t.status, a.slug as alias_slug, a.alias
                 from term_aliases a join terms t on t.id = a.term_id
                where a.slug = c.slug limit ${CANDIDATES}) m
          ) corrected
          order by similarity desc, (alias is null) desc, name asc`);
        const similar = toSimilarTerms(rowsOf<SimilarRow>(corrected), limit);
        if (similar.length > 0) return similar;
      }
      // No respelling names a term (a missing or extra word, a name that is not there): whole-slug trigram similarity,
      // still the slow path on a big glossary, now taken by few typos.
      const result = await db.execute(sql`
        select id, slug, name, status, similarity, alias from (
          (select t.id, t.slug, t.name, t.status, similarity(t.slug, ${slug}) as similarity, null::text as alias
             from terms t where t.slug % ${slug}
             order by similarity desc limit ${FALLBACK_CANDIDATES})
          union all
          (select t.id, t.slug, t.name, t.status, similarity(a.slug, ${slug}) as similarity, a.alias
             from term_aliases a join terms t on t.id = a.term_id where a.slug % ${slug}
             order by similarity desc limit ${FALLBACK_CANDIDATES})
        ) candidates
        order by similarity desc, (alias is null) desc, name asc`);
      return toSimilarTerms(rowsOf<SimilarRow>(result), limit);
    },
    async search(query, limit): Promise<SearchHit[]> {
      const pattern = likeContains(query.slug);
      const hasSlug = query.slug !== "";
      const result = await db.execute(sql`
        with q as (select ${query.slug}::text as slug, plainto_tsquery('english', ${query.words}) as tsq),
        name_hits as (
          select t.id, ${slugScore(sql`t.slug`, pattern)} as score, 'name' as matched_on
            from terms t, q
           where ${hasSlug} and ${slugMatches(sql`t.slug`, pattern)}
           order by score desc limit ${CANDIDATES}),
        alias_hits as (
          select a.term_id as id, 0.9 * ${slugScore(sql`a.slug`, pattern)} as score, 'alias' as matched_on
            from term_aliases a, q
           where ${hasSlug} and ${slugMatches(sql`a.slug`, pattern)}
           order by score desc limit ${CANDIDATES}),
        definition_hits as (
          select dv.term_id as id,
                 0.5 * ts_rank_cd(to_tsvector('english', dv.text), q.tsq)
                     / (ts_rank_cd(to_tsvector('english', dv.text), q.tsq) + 0.1) as score,
                 'definition' as matched_on
            from definition_versions dv
            join terms t on t.id = dv.term_id and dv.version = t.current_version, q
           where to_tsvector('english', dv.text) @@ q.tsq
           order by score desc limit ${CANDIDATES}),
        best as (
          select distinct on (id) id, score, matched_on
            from (select * from name_hits union all select * from alias_hits union all select * from definition_hits) hits
           order by id, score desc)
        select t.id, t.slug, t.name, t.status, b.score, b.matched_on, dv.text as definition
          from best b
          join terms t on t.id = b.id
          join definition_versions dv on dv.term_id = t.id and dv.version = t.current_version
         order by b.score desc, t.name asc
         limit ${limit}`);
      return rowsOf<{
        id: number;
        slug: string;
        name: string;
        status: string;
        score: number;
        matched_on: SearchHit["matchedOn"];
        definition: string;
      }>(result).map((row) => ({
        term: { id: row.id, slug: row.slug, name: row.name, status: row.status as TermStatus },
        score: Math.round(Number(row.score) * 1000) / 1000,
        matchedOn: row.matched_on,
        definition: row.definition,
      }));
    },
    async findSimilarDefinitions(text, limit) {
      // Any shared word is a candidate (plainto_tsquery's AND turned into OR); the core scores them properly.
      const result = await db.execute(sql`
        with q as (select replace(plainto_tsquery('english', ${text})::text, '&', '|')::tsquery as tsq)
        select t.id, t.slug, t.name, t.status, dv.text as definition
          from definition_versions dv
          join terms t on t.id = dv.term_id and dv.version = t.current_version, q
         where q.tsq::text <> '' and to_tsvector('english', dv.text) @@ q.tsq
         order by ts_rank_cd(to_tsvector('english', dv.text), q.tsq) desc, t.id
         limit ${limit}`);
      return rowsOf<{ id: number; slug: string; name: string; status: string; definition: string }>(result).map((row) => ({
        term: { id: row.id, slug: row.slug, name: row.name, status: row.status as TermStatus },
        definition: row.definition,
      }));
    },
    async recentVersions(limit) {
      const rows = await db
        .select({
          id: terms.id,
          slug: terms.slug,
          name: terms.name,
          status: terms.status,
          version: definitionVersions.version,
          agreedAt: definitionVersions.agreedAt,
        })
        .from(definitionVersions)
        .innerJoin(terms, eq(terms.id, definitionVersions.termId))
        .orderBy(desc(definitionVersions.agreedAt), desc(definitionVersions.version), asc(terms.name))
        .limit(limit);
      return rows.map((r) => ({
        term: { id: r.id, slug: r.slug, name: r.name, status: r.status as TermStatus },
        version: r.version,
        agreedAt: r.agreedAt,
      }));
    },
    async lock(termId) {
      const [row] = await selectTerms().where(eq(terms.id, termId)).for("update", { of: terms });
      return row ? toTerm(row) : undefined;
    },
    async addVersion(termId, version, input, now) {
      await db.insert(definitionVersions).values({ termId, version, ...input, agreedAt: now });
      await db.update(terms).set({ currentVersion: version, updatedAt: now }).where(eq(terms.id, termId));
    },
    async setStatus(termId, status, now) {
      await db.update(terms).set({ status, updatedAt: now }).where(eq(terms.id, termId));
    },
    async setReplacement(termId, replacementId, now) {
      await db.update(terms).set({ replacedById: replacementId, updatedAt: now }).where(eq(terms.id, termId));
    },
    async setPolicy(termId, policy, now) {
      await db.update(terms).set({ policy, updatedAt: now }).where(eq(terms.id, termId));
    },
    async removeAlias(termId, aliasSlug) {
      const [row] = await db
        .delete(termAliases)
        .where(and(eq(termAliases.termId, termId), eq(termAliases.slug, aliasSlug)))
        .returning({ alias: termAliases.alias });
      return row?.alias;
    },
    async details(termId) {
      // One round trip through a stored function (eight sequential queries were most of a lookup's p99).
      const [row] = rowsOf<DetailsRow>(await db.execute(sql`select concord_term_details(${termId}::int) as details`));
      const details = readDetails(row);
      if (!details) throw new Error(`Term ${termId} does not exist`);
      return details;
    },
    async detailsBySlug(slug) {
      const [row] = rowsOf<DetailsRow>(
        await db.execute(sql`select concord_term_details(t.id) as details from terms t where t.slug = ${slug}`),
      );
      return readDetails(row);
    },
    async detailsByNameOrAlias(slug) {
      // The name first; an alias only when no term has that name, counted to two at most (concord_lookup, 0024).
      type Lookup = { matchedBy: "name" | "alias" | null; aliasMatches: number; details: DetailsJson | null };
      const [row] = rowsOf<{ lookup: Lookup | string }>(await db.execute(sql`select concord_lookup(${slug}) as lookup`));
      const lookup: Lookup = typeof row!.lookup === "string" ? (JSON.parse(row!.lookup) as Lookup) : row!.lookup;
      const details = lookup.matchedBy ? readDetails({ details: lookup.details }) : undefined;
      if (details) return { matchedBy: lookup.matchedBy!, details };
      return { matchedBy: null, aliasMatches: Number(lookup.aliasMatches ?? 0) };
    },
    versions,
    async insert(term, first, now) {
      const [row] = await db
        .insert(terms)
        .values({
          slug: term.slug,
          name: term.name,
          ownerDomainId: term.ownerDomainId,
          policy: term.policy,
          tags: [...term.tags],
          currentVersion: 1,
          createdAt: now,
          updatedAt: now,
        })
        .onConflictDoNothing({ target: terms.slug })
        .returning({ id: terms.id });
      if (!row) return undefined;
      await db.insert(definitionVersions).values({ termId: row.id, version: 1, ...first, agreedAt: now });
      const [inserted] = await selectTerms().where(eq(terms.id, row.id));
      return toTerm(inserted!);
    },
    async addAliases(termId, aliases, now) {
      if (aliases.length === 0) return [];
      const rows = await db
        .insert(termAliases)
        .values(aliases.map((a) => ({ termId, alias: a.alias, slug: a.slug, createdAt: now })))
        .onConflictDoNothing()
        .returning({ alias: termAliases.alias });
      return rows.map((r) => r.alias);
    },
    async addConsumer(termId, domainId, now) {
      const rows = await db
        .insert(termConsumers)
        .values({ termId, domainId, addedAt: now })
        .onConflictDoNothing()
        .returning({ termId: termConsumers.termId });
      return rows.length > 0;
    },
    async upsertVariant(input, now) {
      const [previous] = await db
        .select({ text: variants.text, baseVersion: variants.baseVersion, updatedBy: variants.updatedBy, updatedAt: variants.updatedAt })
        .from(variants)
        .where(and(eq(variants.termId, input.termId), eq(variants.domainId, input.domainId)))
        .for("update");
      await db
        .insert(variants)
        .values({ ...input, createdAt: now, updatedAt: now })
        .onConflictDoUpdate({
          target: [variants.termId, variants.domainId],
          set: { text: input.text, baseVersion: input.baseVersion, updatedBy: input.updatedBy, updatedAt: now },
        });
      const [domain] = await db
        .select({ id: domains.id, slug: domains.slug, name: domains.name })
        .from(domains)
        .where(eq(domains.id, input.domainId));
      const members = await loadMembers(
        db,
        [input.updatedBy, ...(previous?.updatedBy ? [previous.updatedBy] : [])],
      );
      const toVariant = (v: { text: string; baseVersion: number; updatedBy: number | null; updatedAt: Date }): Variant => ({
        domain: domain!,
        text: v.text,
        baseVersion: v.baseVersion,
        updatedBy: v.updatedBy === null ? null : (members.get(v.updatedBy) ?? null),
        updatedAt: v.updatedAt,
      });
      return {
        before: previous ? toVariant(previous) : undefined,
        after: toVariant({ text: input.text, baseVersion: input.baseVersion, updatedBy: input.updatedBy, updatedAt: now }),
      };
    },
    async insertMany(bundles, now) {
      /*
       * Each batch of rows goes to the database as one JSON parameter, unpacked by json_to_recordset: one statement
       * of a few bytes of SQL per table and batch, where a multi-row VALUES list would cost a bind parameter per
       * value and most of the time in building and parsing it (the embedded database parses in WebAssembly).
       */
      const CHUNK = 5_000;
      const chunks = <T>(rows: readonly T[]): T[][] => {
        const out: T[][] = [];
        for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
        return out;
      };
      const at = now.toISOString();
      const taken: string[] = [];
      // Parents first, so each term is written with its parent's id (no second pass over the rows).
      const ordered = parentsFirst(bundles);
      const idOf = new Map<string, number>();
      const inCall = new Set(bundles.map((b) => b.term.slug));
      const outside = [...new Set(bundles.flatMap((b) => (b.parentSlug && !inCall.has(b.parentSlug) ? [b.parentSlug] : [])))];
      // Parents already in the glossary, looked up once.
      if (outside.length > 0) {
        for (const row of await db.select({ id: terms.id, slug: terms.slug }).from(terms).where(inArray(terms.slug, outside))) idOf.set(row.slug, row.id);
      }
      for (const batch of chunks(ordered)) {
        // A batch's parents may be in the batch itself: those rows follow their parents, so they are written in
        // turns, each turn holding the rows whose parents are already written.
        let pending = batch;
        while (pending.length > 0) {
          const ready = pending.filter((b) => !b.parentSlug || idOf.has(b.parentSlug) || !inCall.has(b.parentSlug));
          const turn = ready.length > 0 ? ready : pending;
          const readySet = new Set(turn);
          pending = pending.filter((b) => !readySet.has(b));
          const rows = turn.map((b) => ({
            slug: b.term.slug,
            name: b.term.name,
            owner_domain_id: b.term.ownerDomainId,
            policy: b.term.policy,
            tags: b.term.tags,
            status: b.status,
            catalogue_fields: b.catalogueFields ?? {},
            parent_id: b.parentSlug ? (idOf.get(b.parentSlug) ?? null) : null,
            current_version: b.versions.length,
          }));
          const inserted = rowsOf<{ id: number; slug: string }>(
            await db.execute(sql`
              insert into terms (slug, name, owner_domain_id, policy, tags, status, catalogue_fields, parent_id, current_version, created_at, updated_at)
              select r.slug, r.name, r.owner_domain_id, r.policy, r.tags, r.status, r.catalogue_fields, r.parent_id, r.current_version,
                     ${at}::timestamptz, ${at}::timestamptz
                from json_to_recordset(${JSON.stringify(rows)}::json) as r(
                  slug text, name text, owner_domain_id integer, policy text, tags text[], status text, catalogue_fields jsonb,
                  parent_id integer, current_version integer)
              on conflict (slug) do nothing
              returning id, slug`),
          );
          const ids = new Map(inserted.map((row) => [row.slug, Number(row.id)]));
          for (const [slug, id] of ids) idOf.set(slug, id);
          const written = turn.flatMap((b) => {
            const termId = ids.get(b.term.slug);
            if (termId === undefined) taken.push(b.term.slug);
            return termId === undefined ? [] : [{ termId, bundle: b }];
          });
          await insertRecordset(
            db,
            "definition_versions (term_id, version, text, example, formula, proposed_by, proposal_id, agreed_at)",
            "term_id integer, version integer, text text, example text, formula text, proposed_by integer, proposal_id integer, agreed_at timestamptz",
            written.flatMap(({ termId, bundle }) =>
              bundle.versions.map((v, i) => ({
                term_id: termId,
                version: i + 1,
                text: v.text,
                example: v.example,
                formula: v.formula,
                proposed_by: v.proposedBy,
                proposal_id: v.proposalId,
                agreed_at: v.agreedAt.toISOString(),
              })),
            ),
          );
          await insertRecordset(
            db,
            "term_aliases (term_id, alias, slug, created_at)",
            "term_id integer, alias text, slug text, created_at timestamptz",
            written.flatMap(({ termId, bundle }) => bundle.aliases.map((a) => ({ term_id: termId, alias: a.alias, slug: a.slug, created_at: at }))),
            "on conflict do nothing",
          );
          await insertRecordset(
            db,
            "term_consumers (term_id, domain_id, added_at)",
            "term_id integer, domain_id integer, added_at timestamptz",
            written.flatMap(({ termId, bundle }) => bundle.consumerIds.map((domainId) => ({ term_id: termId, domain_id: domainId, added_at: at }))),
            "on conflict do nothing",
          );
          await insertRecordset(
            db,
            "variants (term_id, domain_id, text, base_version, updated_by, created_at, updated_at)",
            "term_id integer, domain_id integer, text text, base_version integer, updated_by integer, created_at timestamptz, updated_at timestamptz",
            written.flatMap(({ termId, bundle }) =>
              bundle.variants.map((v) => ({
                term_id: termId,
                domain_id: v.domainId,
                text: v.text,
                base_version: v.baseVersion,
                updated_by: v.updatedBy,
                created_at: at,
                updated_at: at,
              })),
            ),
          );
          await insertRecordset(
            db,
            "term_references (term_id, position, label, url)",
            "term_id integer, position integer, label text, url text",
            written.flatMap(({ termId, bundle }) => (bundle.references ?? []).map((r, position) => ({ term_id: termId, position, label: r.label, url: r.url }))),
          );
        }
      }
      // Relations once every term exists: they may name terms of a later batch. Directed ones are turned to their
      // stored direction here; symmetric ones are ordered by id in the statement, as addRelation orders them.
      const takenSet = new Set(taken);
      const relations = bundles.flatMap((b) =>
        takenSet.has(b.term.slug) ? [] : (b.relations ?? []).map((r) => canonicalRelation(b.term.slug, r.type, r.slug)),
      );
      for (const batch of chunks(relations)) {
        await db.execute(sql`
          insert into term_relations (term_id, type, related_term_id, created_at)
          select case when v.type in ('broader', 'part-of') then a.id else least(a.id, b.id) end, v.type,
                 case when v.type in ('broader', 'part-of') then b.id else greatest(a.id, b.id) end, ${at}::timestamptz
            from json_to_recordset(${JSON.stringify(batch)}::json) as v("from" text, type text, "to" text)
            join terms a on a.slug = v."from"
            join terms b on b.slug = v."to"
           where a.id <> b.id
          on conflict do nothing`);
      }
      return { taken };
    },
    async importSnapshot() {
      const result = await db.execute(sql`
        select t.id, t.slug, t.name, t.status, v.text, v.example, v.formula, p.slug as parent_slug
          from terms t
          join definition_versions v on v.term_id = t.id and v.version = t.current_version
          left join terms p on p.id = t.parent_id`);
      type Row = { id: number; slug: string; name: string; status: string; text: string; example: string | null; formula: string | null; parent_slug: string | null };
      return new Map(
        rowsOf<Row>(result).map((r) => [
          r.slug,
          {
            term: { id: Number(r.id), slug: r.slug, name: r.name, status: r.status as TermStatus },
            text: r.text,
            example: r.example,
            formula: r.formula,
            parentSlug: r.parent_slug,
          },
        ]),
      );
    },
    async setParent(termId, parentId, now) {
      await db.update(terms).set({ parentId, updatedAt: now }).where(eq(terms.id, termId));
    },
    async ancestorIds(termId) {
      const result = await db.execute(sql`
        with recursive line(id, parent_id, depth) as (
          select id, parent_id, 0 from terms where id = ${termId}
          union all
          select t.id, t.parent_id, line.depth + 1 from terms t join line on t.id = line.parent_id where line.depth < 1000)
        select id from line where depth > 0 order by depth`);
      return rowsOf<{ id: number }>(result).map((r) => Number(r.id));
    },
    async parentSlugs() {
      const result = await db.execute(sql`select c.slug as child, p.slug as parent from terms c join terms p on p.id = c.parent_id`);
      return new Map(rowsOf<{ child: string; parent: string }>(result).map((r) => [r.child, r.parent]));
    },
    async addRelation(termId, type, otherId, now) {
      const r = canonicalRelation(termId, type, otherId);
      const added = await db
        .insert(termRelations)
        .values({ termId: r.from, type: r.type, relatedTermId: r.to, createdAt: now })
        .onConflictDoNothing()
        .returning({ termId: termRelations.termId });
      return added.length > 0;
    },
    async removeRelation(termId, type, otherId) {
      const r = canonicalRelation(termId, type, otherId);
      const removed = await db
        .delete(termRelations)
        .where(and(eq(termRelations.termId, r.from), eq(termRelations.type, r.type), eq(termRelations.relatedTermId, r.to)))
        .returning({ termId: termRelations.termId });
      return removed.length > 0;
    },
    async setReferences(termId, references) {
      await db.delete(termReferences).where(eq(termReferences.termId, termId));
      if (references.length > 0) {
        await db.insert(termReferences).values(references.map((r, position) => ({ termId, position, label: r.label, url: r.url })));
      }
    },
    async setTags(termId, tags, now) {
      await db.update(terms).set({ tags: [...tags], updatedAt: now }).where(eq(terms.id, termId));
    },
    async setCatalogueFields(termId, fields, now) {
      await db.update(terms).set({ catalogueFields: { ...fields }, updatedAt: now }).where(eq(terms.id, termId));
    },
    async glossaryFields() {
      const rows = await db.select({ key: glossaryFields.key, value: glossaryFields.value }).from(glossaryFields);
      return Object.fromEntries(rows.map((r) => [r.key, r.value]));
    },
    async setGlossaryFields(fields, now) {
      const rows = Object.entries(fields).map(([key, value]) => ({ key, value, updatedAt: now }));
      if (rows.length === 0) return;
      await db
        .insert(glossaryFields)
        .values(rows)
        .onConflictDoUpdate({ target: glossaryFields.key, set: { value: sql`excluded.value`, updatedAt: now } });
    },
    async listAll() {
      const termRows = await selectTerms().orderBy(asc(terms.slug));
      const versionRows = await db
        .select()
        .from(definitionVersions)
        .orderBy(asc(definitionVersions.termId), asc(definitionVersions.version));
      const aliasRows = await db
        .select({ termId: termAliases.termId, alias: termAliases.alias })
        .from(termAliases)
        .orderBy(asc(termAliases.alias));
      const consumerRows = await db
        .select({ termId: termConsumers.termId, id: domains.id, slug: domains.slug, name: domains.name })
        .from(termConsumers)
        .innerJoin(domains, eq(domains.id, termConsumers.domainId))
        .orderBy(asc(domains.slug));
      const relationRows = await db
        .select({ termId: termRelations.termId, type: termRelations.type, otherId: termRelations.relatedTermId })
        .from(termRelations);
      const referenceRows = await db
        .select({ termId: termReferences.termId, label: termReferences.label, url: termReferences.url })
        .from(termReferences)
        .orderBy(asc(termReferences.termId), asc(termReferences.position));
      const placement = await db
        .select({ id: terms.id, parentId: terms.parentId, catalogueFields: terms.catalogueFields })
        .from(terms);
      const variantRows = await db
        .select({ termId: variants.termId, ...variantColumns })
        .from(variants)
        .innerJoin(domains, eq(domains.id, variants.domainId))
        .orderBy(asc(domains.slug));
      const members = await loadMembers(db, [
        ...versionRows.flatMap((r) => (r.proposedBy === null ? [] : [r.proposedBy])),
        ...variantRows.flatMap((r) => (r.updatedBy === null ? [] : [r.updatedBy])),
      ]);
      const group = <R extends { termId: number }, T>(rows: readonly R[], map: (row: R) => T): Map<number, T[]> => {
        const byTerm = new Map<number, T[]>();
        for (const row of rows) {
          const list = byTerm.get(row.termId) ?? [];
          list.push(map(row));
          byTerm.set(row.termId, list);
        }
        return byTerm;
      };
      const versionsOf = group(versionRows, (r): DefinitionVersion => ({
        version: r.version,
        text: r.text,
        example: r.example,
        formula: r.formula,
        proposedBy: r.proposedBy === null ? null : (members.get(r.proposedBy) ?? null),
        proposalId: r.proposalId,
        agreedAt: r.agreedAt,
      }));
      const aliasesOf = group(aliasRows, (r) => r.alias);
      const consumersOf = group(consumerRows, (r) => ({ id: r.id, slug: r.slug, name: r.name }));
      const summaries = new Map(termRows.map((row): [number, TermSummary] => [row.id, { id: row.id, slug: row.slug, name: row.name, status: row.status as TermStatus }]));
      const relationsOf = group(
        relationRows.flatMap((r) => [
          { termId: r.termId, type: r.type as RelationType, term: summaries.get(r.otherId)! },
          { termId: r.otherId, type: INVERSE_RELATION[r.type as RelationType], term: summaries.get(r.termId)! },
        ]),
        (r) => ({ type: r.type, term: r.term }),
      );
      for (const list of relationsOf.values()) {
        list.sort((a, b) => (a.type < b.type ? -1 : a.type > b.type ? 1 : a.term.name < b.term.name ? -1 : a.term.name > b.term.name ? 1 : 0));
      }
      const referencesOf = group(referenceRows, (r): TermReference => ({ label: r.label, url: r.url }));
      const placementOf = new Map(placement.map((p) => [p.id, p]));
      const variantsOf = group(variantRows, (v): Variant => ({
        domain: { id: v.domainId, slug: v.domainSlug, name: v.domainName },
        text: v.text,
        baseVersion: v.baseVersion,
        updatedBy: v.updatedBy === null ? null : (members.get(v.updatedBy) ?? null),
        updatedAt: v.updatedAt,
      }));
      return termRows.map((row) => {
        const term = toTerm(row);
        const history = versionsOf.get(term.id) ?? [];
        return {
          term,
          current: history.find((v) => v.version === term.currentVersion)!,
          versions: history,
          aliases: aliasesOf.get(term.id) ?? [],
          consumers: consumersOf.get(term.id) ?? [],
          relations: relationsOf.get(term.id) ?? [],
          references: referencesOf.get(term.id) ?? [],
          parent: summaries.get(placementOf.get(term.id)?.parentId ?? -1) ?? null,
          catalogueFields: placementOf.get(term.id)?.catalogueFields ?? {},
          variants: variantsOf.get(term.id) ?? [],
        };
      });
    },
  };
}
