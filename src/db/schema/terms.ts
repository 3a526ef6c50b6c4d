import { sql } from "drizzle-orm";
import { check, index, integer, jsonb, pgTable, primaryKey, text, unique, type AnyPgColumn } from "drizzle-orm/pg-core";
import { timestamps, timestamptz } from "./columns.js";
import { domains } from "./domains.js";
import { members } from "./members.js";

/** A shared business concept; `slug` is its normalised name, unique across the glossary. */
export const terms = pgTable(
  "terms",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    slug: text().notNull().unique(),
    name: text().notNull(),
    ownerDomainId: integer().references(() => domains.id, { onDelete: "set null" }),
    status: text().notNull().default("active"),
    policy: text(),
    currentVersion: integer().notNull(),
    tags: text().array().notNull().default(sql`'{}'::text[]`),
    /** The term a deprecated one was deprecated in favour of, which lookups point to. */
    replacedById: integer().references((): AnyPgColumn => terms.id, { onDelete: "set null" }),
    /** The term this one sits under (a hierarchy of any depth, never a cycle); changed only by an agreed proposal. */
    parentId: integer().references((): AnyPgColumn => terms.id, { onDelete: "set null" }),
    /** Catalogue fields Concord does not model, kept for the next export to the same format ("openmetadata.color"). */
    catalogueFields: jsonb().$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    ...timestamps,
  },
  (t) => [
    check("terms_status_check", sql`${t.status} in ('active', 'deprecated')`),
    check("terms_policy_check", sql`${t.policy} is null or ${t.policy} in ('unanimous', 'majority', 'owner', 'lazy')`),
    index("terms_slug_trgm_idx").using("gin", t.slug.op("gin_trgm_ops")),
    index("terms_owner_idx").on(t.ownerDomainId),
    index("terms_parent_idx").on(t.parentId),
    check("terms_parent_not_self_check", sql`${t.parentId} is null or ${t.parentId} <> ${t.id}`),
  ],
);

/** Another name for a term; several terms may share an alias (an overlap the digest reports). */
export const termAliases = pgTable(
  "term_aliases",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    termId: integer()
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    alias: text().notNull(),
    slug: text().notNull(),
    createdAt: timestamptz().notNull(),
  },
  (t) => [
    unique("term_aliases_term_slug_unique").on(t.termId, t.slug),
    index("term_aliases_slug_idx").on(t.slug),
    index("term_aliases_slug_trgm_idx").using("gin", t.slug.op("gin_trgm_ops")),
  ],
);

/**
 * Every word used in a term's or an alias's slug (slugs split on "-"): the vocabulary "did you mean" corrects a
 * typed word against, a few thousand rows where the slugs are hundreds of thousands. Triggers on `terms` and
 * `term_aliases` (in migration 0006) keep it whole for every insert path; words are never removed, since a stale
 * word only costs a candidate that finds nothing.
 */
export const slugWords = pgTable(
  "slug_words",
  { word: text().primaryKey() },
  (t) => [index("slug_words_word_trgm_idx").using("gin", t.word.op("gin_trgm_ops"))],
);

/** The agreed text of a term at version N. Rows are immutable. */
export const definitionVersions = pgTable(
  "definition_versions",
  {
    termId: integer()
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    version: integer().notNull(),
    text: text().notNull(),
    example: text(),
    formula: text(),
    proposedBy: integer().references(() => members.id, { onDelete: "set null" }),
    proposalId: integer(),
    agreedAt: timestamptz().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.termId, t.version] }),
    check("definition_versions_version_check", sql`${t.version} >= 1`),
    index("definition_versions_text_fts_idx").using("gin", sql`to_tsvector('english', ${t.text})`),
  ],
);

/** Domains that depend on a term, and so vote on changes to it. */
export const termConsumers = pgTable(
  "term_consumers",
  {
    termId: integer()
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    domainId: integer()
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    addedAt: timestamptz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.termId, t.domainId] }), index("term_consumers_domain_idx").on(t.domainId)],
);

/**
 * A typed relation between two terms, stored once in a canonical direction (broader rather than narrower, part of
 * rather than has part, and for symmetric types from the lower id): each term reads it from its own side.
 */
export const termRelations = pgTable(
  "term_relations",
  {
    termId: integer()
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    type: text().notNull().default("related"),
    relatedTermId: integer()
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    createdAt: timestamptz().notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.termId, t.type, t.relatedTermId] }),
    index("term_relations_related_idx").on(t.relatedTermId),
    check("term_relations_type_check", sql`${t.type} in ('related', 'synonym', 'antonym', 'broader', 'part-of', 'see-also')`),
    check("term_relations_not_self_check", sql`${t.termId} <> ${t.relatedTermId}`),
  ],
);

/** A named link from a term to something outside the glossary, in the order they were given. */
export const termReferences = pgTable(
  "term_references",
  {
    termId: integer()
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    position: integer().notNull(),
    label: text().notNull(),
    url: text().notNull(),
  },
  (t) => [primaryKey({ columns: [t.termId, t.position] })],
);

/** Glossary-level catalogue fields kept from the last import for the next export ("openmetadata.glossary"). */
export const glossaryFields = pgTable("glossary_fields", {
  key: text().primaryKey(),
  value: text().notNull(),
  updatedAt: timestamptz().notNull(),
});

/** A domain's own working definition of a term, written against an agreed version. */
export const variants = pgTable(
  "variants",
  {
    termId: integer()
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    domainId: integer()
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    text: text().notNull(),
    baseVersion: integer().notNull(),
    updatedBy: integer().references(() => members.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [primaryKey({ columns: [t.termId, t.domainId] }), index("variants_domain_idx").on(t.domainId)],
);

export type TermRow = typeof terms.$inferSelect;
export type DefinitionVersionRow = typeof definitionVersions.$inferSelect;
export type VariantRow = typeof variants.$inferSelect;
