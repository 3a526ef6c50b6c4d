import { and, asc, desc, eq, sql, type SQL } from "drizzle-orm";
import type { SearchHit, SimilarTerm, TermRepository } from "../../core/ports.js";
import type { DefinitionVersion, Policy, Term, TermStatus, Variant } from "../../core/types.js";
import type { Executor } from "../database.js";
import { rowsOf } from "../rows.js";
import {
  definitionVersions,
  domains,
  termAliases,
  termConsumers,
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

/** Terms, aliases, agreed versions, consumers and variants. */
export function createTermRepository(db: Executor): TermRepository {
  const selectTerms = () => db.select(termColumns).from(terms).leftJoin(domains, eq(domains.id, terms.ownerDomainId));

  const versions = async (termId: number, only?: number): Promise<DefinitionVersion[]> => {
    const rows = await db
      .select()
      .from(definitionVersions)
      .where(
        only === undefined
          ? eq(definitionVersions.termId, termId)
          : and(eq(definitionVersions.termId, termId), eq(definitionVersions.version, only)),
      )
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
      const result = await db.execute(sql`
        select id, slug, name, status, similarity, alias from (
          (select t.id, t.slug, t.name, t.status, similarity(t.slug, ${slug}) as similarity, null::text as alias
             from terms t where t.slug % ${slug}
             order by similarity desc limit ${CANDIDATES})
          union all
          (select t.id, t.slug, t.name, t.status, similarity(a.slug, ${slug}) as similarity, a.alias
             from term_aliases a join terms t on t.id = a.term_id where a.slug % ${slug}
             order by similarity desc limit ${CANDIDATES})
        ) candidates
        order by similarity desc, (alias is null) desc, name asc`);
      const seen = new Set<number>();
      const similar: SimilarTerm[] = [];
      for (const row of rowsOf<{ id: number; slug: string; name: string; status: string; similarity: number; alias: string | null }>(result)) {
        if (seen.has(row.id)) continue;
        seen.add(row.id);
        similar.push({
          term: { id: row.id, slug: row.slug, name: row.name, status: row.status as TermStatus },
          similarity: Number(row.similarity),
          ...(row.alias === null ? {} : { alias: row.alias }),
        });
        if (similar.length === limit) break;
      }
      return similar;
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
    async details(termId) {
      const [row] = await selectTerms().where(eq(terms.id, termId));
      if (!row) throw new Error(`Term ${termId} does not exist`);
      const term = toTerm(row);
      const [current] = await versions(termId, term.currentVersion);
      const aliases = await db
        .select({ alias: termAliases.alias })
        .from(termAliases)
        .where(eq(termAliases.termId, termId))
        .orderBy(asc(termAliases.alias));
      const consumers = await db
        .select({ id: domains.id, slug: domains.slug, name: domains.name })
        .from(termConsumers)
        .innerJoin(domains, eq(domains.id, termConsumers.domainId))
        .where(eq(termConsumers.termId, termId))
        .orderBy(asc(domains.slug));
      const related = await db
        .select({ id: terms.id, slug: terms.slug, name: terms.name, status: terms.status })
        .from(termRelations)
        .innerJoin(terms, eq(terms.id, termRelations.relatedTermId))
        .where(eq(termRelations.termId, termId))
        .orderBy(asc(terms.name));
      const variantRows = await db
        .select({
          domainId: domains.id,
          domainSlug: domains.slug,
          domainName: domains.name,
          text: variants.text,
          baseVersion: variants.baseVersion,
          updatedBy: variants.updatedBy,
          updatedAt: variants.updatedAt,
        })
        .from(variants)
        .innerJoin(domains, eq(domains.id, variants.domainId))
        .where(eq(variants.termId, termId))
        .orderBy(asc(domains.slug));
      const members = await loadMembers(
        db,
        variantRows.flatMap((v) => (v.updatedBy === null ? [] : [v.updatedBy])),
      );
      return {
        term,
        current: current!,
        aliases: aliases.map((a) => a.alias),
        consumers,
        related: related.map((r) => ({ ...r, status: r.status as TermStatus })),
        variants: variantRows.map(
          (v): Variant => ({
            domain: { id: v.domainId, slug: v.domainSlug, name: v.domainName },
            text: v.text,
            baseVersion: v.baseVersion,
            updatedBy: v.updatedBy === null ? null : (members.get(v.updatedBy) ?? null),
            updatedAt: v.updatedAt,
          }),
        ),
      };
    },
    versions: (termId) => versions(termId),
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
      // Chunks keep each statement well under PostgreSQL's 65,535 bind parameters.
      const CHUNK = 500;
      const chunks = <T>(rows: readonly T[]): T[][] => {
        const out: T[][] = [];
        for (let i = 0; i < rows.length; i += CHUNK) out.push(rows.slice(i, i + CHUNK));
        return out;
      };
      const taken: string[] = [];
      for (const batch of chunks(bundles)) {
        const inserted = await db
          .insert(terms)
          .values(
            batch.map((b) => ({
              slug: b.term.slug,
              name: b.term.name,
              ownerDomainId: b.term.ownerDomainId,
              policy: b.term.policy,
              tags: [...b.term.tags],
              status: b.status,
              currentVersion: b.versions.length,
              createdAt: now,
              updatedAt: now,
            })),
          )
          .onConflictDoNothing({ target: terms.slug })
          .returning({ id: terms.id, slug: terms.slug });
        const ids = new Map(inserted.map((row) => [row.slug, row.id]));
        const written = batch.flatMap((b) => {
          const termId = ids.get(b.term.slug);
          if (termId === undefined) taken.push(b.term.slug);
          return termId === undefined ? [] : [{ termId, bundle: b }];
        });
        const versionRows = written.flatMap(({ termId, bundle }) =>
          bundle.versions.map((v, i) => ({ termId, version: i + 1, ...v })),
        );
        const aliasRows = written.flatMap(({ termId, bundle }) =>
          bundle.aliases.map((a) => ({ termId, alias: a.alias, slug: a.slug, createdAt: now })),
        );
        const consumerRows = written.flatMap(({ termId, bundle }) =>
          bundle.consumerIds.map((domainId) => ({ termId, domainId, addedAt: now })),
        );
        const variantRows = written.flatMap(({ termId, bundle }) =>
          bundle.variants.map((v) => ({ termId, ...v, createdAt: now, updatedAt: now })),
        );
        for (const rows of chunks(versionRows)) await db.insert(definitionVersions).values(rows);
        for (const rows of chunks(aliasRows)) await db.insert(termAliases).values(rows).onConflictDoNothing();
        for (const rows of chunks(consumerRows)) await db.insert(termConsumers).values(rows).onConflictDoNothing();
        for (const rows of chunks(variantRows)) await db.insert(variants).values(rows);
      }
      return { taken };
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
      const relatedRows = await db
        .select({ termId: termRelations.termId, id: terms.id, slug: terms.slug, name: terms.name, status: terms.status })
        .from(termRelations)
        .innerJoin(terms, eq(terms.id, termRelations.relatedTermId))
        .orderBy(asc(terms.name));
      const variantRows = await db
        .select({
          termId: variants.termId,
          domainId: domains.id,
          domainSlug: domains.slug,
          domainName: domains.name,
          text: variants.text,
          baseVersion: variants.baseVersion,
          updatedBy: variants.updatedBy,
          updatedAt: variants.updatedAt,
        })
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
      const relatedOf = group(relatedRows, (r) => ({ id: r.id, slug: r.slug, name: r.name, status: r.status as TermStatus }));
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
          related: relatedOf.get(term.id) ?? [],
          variants: variantsOf.get(term.id) ?? [],
        };
      });
    },
  };
}
