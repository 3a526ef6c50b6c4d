import { sql } from "drizzle-orm";
import { check, doublePrecision, index, integer, jsonb, pgTable, text, uniqueIndex } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns.js";
import { domains } from "./domains.js";
import { members } from "./members.js";
import { terms } from "./terms.js";

/** Where in a domain's dbt project a term is used or suggested: fresh column builders for each table. */
function placeColumns() {
  return {
    termId: integer()
      .notNull()
      .references(() => terms.id, { onDelete: "cascade" }),
    domainId: integer()
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    project: text().notNull(),
    kind: text().notNull(),
    /** model.orders, model.orders.customer_id, metric.churn_rate, semantic_model.orders.measure.total */
    path: text().notNull(),
  };
}

/**
 * One ingest of a domain's dbt project (a manifest.json or MetricFlow YAML). The same artifacts received again are
 * not a new ingest: only `last_received_at` moves.
 */
export const ingests = pgTable(
  "ingests",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    domainId: integer()
      .notNull()
      .references(() => domains.id, { onDelete: "cascade" }),
    project: text().notNull(),
    source: text().notNull(),
    /** The manifest's metadata.generated_at; null for YAML, which carries none. */
    generatedAt: timestamptz(),
    dbtVersion: text(),
    /** SHA-256 of the artifacts, hex. */
    fileHash: text().notNull(),
    /** usages, new, changed, drifting, removed, suggestions, problems. */
    counts: jsonb().$type<Record<string, number>>().notNull(),
    actorRef: text().notNull(),
    at: timestamptz().notNull(),
    lastReceivedAt: timestamptz().notNull(),
  },
  (t) => [
    check("ingests_source_check", sql`${t.source} in ('manifest', 'metricflow')`),
    index("ingests_domain_project_idx").on(t.domainId, t.project, t.id),
  ],
);

/**
 * A term's usage in a domain's data product: a linked model, column, metric or semantic model part, with its
 * description as last read and enough of its past to tell, per ingest, what changed.
 */
export const usages = pgTable(
  "usages",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    ...placeColumns(),
    description: text().notNull(),
    linkSource: text().notNull(),
    firstIngestId: integer()
      .notNull()
      .references(() => ingests.id, { onDelete: "cascade" }),
    lastIngestId: integer()
      .notNull()
      .references(() => ingests.id, { onDelete: "cascade" }),
    /** The ingest that last changed the text (or first read it). */
    changedIngestId: integer()
      .notNull()
      .references(() => ingests.id, { onDelete: "cascade" }),
    /** The text before that change; null while it has never changed. */
    previousDescription: text(),
    /** Drift from the agreed version below, measured when the text was read; null with no description. */
    driftScore: doublePrecision(),
    measuredVersion: integer().notNull(),
    /** The drift measure `driftScore` is by (DRIFT_MEASURE); null when measured by an earlier one, or never. */
    driftMeasure: text(),
    /** The ingest that no longer found it; null while the project has it. */
    removedIngestId: integer().references(() => ingests.id, { onDelete: "set null" }),
  },
  (t) => [
    check("usages_kind_check", sql`${t.kind} in ('model', 'column', 'metric', 'semantic')`),
    check("usages_link_source_check", sql`${t.linkSource} in ('explicit', 'accepted')`),
    uniqueIndex("usages_place_idx").on(t.domainId, t.project, t.path, t.termId),
    index("usages_term_idx").on(t.termId),
  ],
);

/**
 * A link suggested by a name that matches a term's name or alias. Not a usage until a domain's owner accepts it; a
 * rejected one stays, so the same link is never offered again.
 */
export const linkSuggestions = pgTable(
  "link_suggestions",
  {
    id: integer().primaryKey().generatedAlwaysAsIdentity(),
    ...placeColumns(),
    /** 0 … 1: how surely the name means the term. */
    confidence: doublePrecision().notNull(),
    /** The item's description as the latest ingest that found it read it: the usage's text once accepted. */
    description: text().notNull().default(""),
    status: text().notNull().default("open"),
    /** While open, the latest ingest that found the item (so one no longer found is not offered); then, the last before the decision. */
    ingestId: integer()
      .notNull()
      .references(() => ingests.id, { onDelete: "cascade" }),
    decidedBy: integer().references(() => members.id, { onDelete: "set null" }),
    decidedAt: timestamptz(),
  },
  (t) => [
    check("link_suggestions_status_check", sql`${t.status} in ('open', 'accepted', 'rejected')`),
    check("link_suggestions_confidence_check", sql`${t.confidence} >= 0 and ${t.confidence} <= 1`),
    uniqueIndex("link_suggestions_place_idx").on(t.domainId, t.project, t.path, t.termId),
    index("link_suggestions_term_idx").on(t.termId, t.status),
  ],
);

export type IngestRow = typeof ingests.$inferSelect;
export type UsageRow = typeof usages.$inferSelect;
export type LinkSuggestionRow = typeof linkSuggestions.$inferSelect;
