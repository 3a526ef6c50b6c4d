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
