import { sql } from "drizzle-orm";
import { bigint, check, index, integer, jsonb, pgTable, primaryKey, text } from "drizzle-orm/pg-core";
import { timestamptz } from "./columns.js";

/** Something users must hear of, written in the same transaction as the change it announces. */
export const outboxEvents = pgTable(
  "outbox_events",
  {
    id: bigint({ mode: "number" }).primaryKey().generatedAlwaysAsIdentity(),
    kind: text().notNull(),
    proposalId: integer(),
    payload: jsonb().notNull(),
    createdAt: timestamptz().notNull(),
  },
  (t) => [index("outbox_events_proposal_idx").on(t.proposalId)],
);

/** One event's delivery to one destination (a platform's notifier), retried with backoff until delivered. */
export const outboxDeliveries = pgTable(
  "outbox_deliveries",
  {
    eventId: bigint({ mode: "number" })
      .notNull()
      .references(() => outboxEvents.id, { onDelete: "cascade" }),
    destination: text().notNull(),
    status: text().notNull().default("pending"),
    attempts: integer().notNull().default(0),
    nextAttemptAt: timestamptz().notNull(),
    /** While set and in the future, one dispatcher holds the delivery; a crash lets the lease lapse. */
    leaseUntil: timestamptz(),
    leaseToken: text(),
    lastError: text(),
    deliveredAt: timestamptz(),
  },
  (t) => [
    primaryKey({ columns: [t.eventId, t.destination] }),
    check("outbox_deliveries_status_check", sql`${t.status} in ('pending', 'delivered', 'dead')`),
    index("outbox_deliveries_due_idx")
      .on(t.destination, t.nextAttemptAt)
      .where(sql`${t.status} = 'pending'`),
  ],
);
