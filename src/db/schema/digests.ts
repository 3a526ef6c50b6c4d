import { doublePrecision, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns.js";

/** Each scheduled run of a job, keyed by its slot: the row a replica must insert to run it. */
export const jobRuns = pgTable(
  "job_runs",
  {
    job: text().notNull(),
    slot: timestamptz().notNull(),
    claimedAt: timestamptz().notNull(),
  },
  (t) => [primaryKey({ columns: [t.job, t.slot] })],
);

/** A weekly digest as built, so every channel is posted the same content however late its delivery runs. */
export const digests = pgTable("digests", {
  id: integer().primaryKey().generatedAlwaysAsIdentity(),
  slot: timestamptz().notNull().unique(),
  generatedAt: timestamptz().notNull(),
  content: jsonb().notNull(),
});

/** The glossary's drift index, one row per week (Monday 00:00 UTC), for the change since last week. */
export const driftSnapshots = pgTable("drift_snapshots", {
  weekStart: timestamptz().primaryKey(),
  value: doublePrecision().notNull(),
  variants: integer().notNull(),
  takenAt: timestamptz().notNull(),
});

/**
 * Drift figures the digest has measured, by what was compared: a hash of the measure, the agreed text and the
 * variant's or data product's text. A week's digest measures only what changed since the week before; a figure of
 * another measure is never read, and is deleted when the digest next stores figures.
 */
export const driftFigures = pgTable("drift_figures", {
  key: text().primaryKey(),
  measure: text().notNull(),
  score: doublePrecision().notNull(),
  reasons: jsonb().notNull(),
  measuredAt: timestamptz().notNull(),
});
