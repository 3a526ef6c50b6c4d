import { sql } from "drizzle-orm";
import { boolean, check, index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamps, timestamptz } from "./columns.js";
import { domains } from "./domains.js";
import { members } from "./members.js";
import { terms } from "./terms.js";

/** One import of a glossary file: who, which file and format, and what it did. */
export const imports = pgTable("imports", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  actorRef: text().notNull(),
  fileName: text().notNull(),
  format: text().notNull(),
  /** { created, proposed, unchanged, skipped, … } as the import summary reports them. */
  counts: jsonb().$type<Record<string, number>>().notNull(),
  at: timestamptz().notNull(),
});

/** A request to create, amend or deprecate a term, with the rules it is decided by snapshotted. */
export const proposals = pgTable(
  "proposals",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    kind: text().notNull(),
    /** Null until a proposal to create a term is approved. */
    termId: integer().references(() => terms.id, { onDelete: "cascade" }),
    termSlug: text().notNull(),
    termName: text().notNull(),
    /** The agreed version this proposal amends; null for a new term. */
    baseVersion: integer(),
    text: text(),
    example: text(),
    formula: text(),
    rationale: text().notNull(),
    proposerId: integer()
      .notNull()
      .references(() => members.id),
    proposerRef: text().notNull(),
    policy: text().notNull(),
    allowSelfApproval: boolean().notNull(),
    status: text().notNull().default("open"),
    deadline: timestamptz().notNull(),
    remindedAt: timestamptz(),
    decidedAt: timestamptz(),
    /** The version an approved create or amend produced. */
    resultVersion: integer(),
    supersededBy: integer(),
    /** For a deprecation `in favour of` another term: that term, which the deprecated one then points to. */
    replacementTermId: integer().references(() => terms.id, { onDelete: "set null" }),
    /**
     * For a create or an amend that places the term in the hierarchy: the slug of the parent it proposes (a term that
     * may itself be under vote), or "" to make it a top-level term. Null: the parent is not part of the proposal.
     */
    parentSlug: text(),
    /**
     * What else a proposal from an import brings, applied when it is approved: aliases, tags, references, relations
     * (by slug) and kept catalogue fields of the term it creates.
     */
    extras: jsonb().$type<Record<string, unknown>>(),
    /** The import that opened this proposal, whose notice lists it. */
    importId: integer().references(() => imports.id, { onDelete: "set null" }),
    ...timestamps,
  },
  (t) => [
    check("proposals_kind_check", sql`${t.kind} in ('create', 'amend', 'deprecate')`),
    check(
      "proposals_status_check",
      sql`${t.status} in ('open', 'approved', 'rejected', 'expired', 'superseded', 'withdrawn')`,
    ),
    check("proposals_policy_check", sql`${t.policy} in ('unanimous', 'majority', 'owner', 'lazy')`),
    index("proposals_open_deadline_idx").on(t.deadline).where(sql`${t.status} = 'open'`),
    index("proposals_term_slug_idx").on(t.termSlug, t.status),
    index("proposals_parent_slug_idx").on(t.parentSlug).where(sql`${t.parentSlug} is not null`),
    index("proposals_import_idx").on(t.importId).where(sql`${t.importId} is not null`),
  ],
);

/** The affected domains, snapshotted when the proposal opened; `owning` marks the term's steward. */
export const proposalDomains = pgTable(
  "proposal_domains",
  {
    proposalId: integer()
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    domainId: integer()
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    owning: boolean().notNull(),
  },
  (t) => [primaryKey({ columns: [t.proposalId, t.domainId] }), index("proposal_domains_domain_idx").on(t.domainId)],
);

/** One member's position on a proposal; changed in place until the proposal closes. */
export const votes = pgTable(
  "votes",
  {
    proposalId: integer()
      .notNull()
      .references(() => proposals.id, { onDelete: "cascade" }),
    memberId: integer()
      .notNull()
      .references(() => members.id, { onDelete: "cascade" }),
    voterRef: text().notNull(),
    position: text().notNull(),
    reason: text(),
    comment: text(),
    castAt: timestamptz().notNull(),
    updatedAt: timestamptz().notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.proposalId, t.memberId] }),
    check("votes_position_check", sql`${t.position} in ('approve', 'object', 'abstain')`),
    check("votes_reason_check", sql`${t.position} <> 'object' or coalesce(length(trim(${t.reason})), 0) > 0`),
  ],
);

export type ProposalRow = typeof proposals.$inferSelect;
export type VoteRow = typeof votes.$inferSelect;
