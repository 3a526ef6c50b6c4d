import { and, asc, eq, inArray } from "drizzle-orm";
import type { AuditRepository } from "../../core/ports.js";
import type { AuditEvent } from "../../core/types.js";
import type { Executor } from "../database.js";
import { auditEvents } from "../schema/index.js";

/** The append-only audit log. */
export function createAuditRepository(db: Executor): AuditRepository {
  return {
    async record(event) {
      await db.insert(auditEvents).values(toRow(event));
    },
    async recordMany(events) {
      if (events.length > 0) await db.insert(auditEvents).values(events.map(toRow));
    },
    async forSubject(subjectType, subjectId, actions) {
      const rows = await db
        .select()
        .from(auditEvents)
        .where(
          and(
            eq(auditEvents.subjectType, subjectType),
            eq(auditEvents.subjectId, subjectId),
            actions ? inArray(auditEvents.action, [...actions]) : undefined,
          ),
        )
        .orderBy(asc(auditEvents.id));
      return rows.map(fromRow);
    },
  };
}

function toRow(event: AuditEvent): typeof auditEvents.$inferInsert {
  return {
    at: event.at,
    actorRef: event.actorRef,
    action: event.action,
    subjectType: event.subjectType,
    subjectId: event.subjectId,
    before: event.before ?? null,
    after: event.after ?? null,
  };
}

function fromRow(row: typeof auditEvents.$inferSelect): AuditEvent {
  return {
    at: row.at,
    actorRef: row.actorRef,
    action: row.action,
    subjectType: row.subjectType as AuditEvent["subjectType"],
    subjectId: row.subjectId,
    ...(row.before === null ? {} : { before: row.before }),
    ...(row.after === null ? {} : { after: row.after }),
  };
}
