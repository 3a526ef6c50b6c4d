import type { AuditRepository } from "../../core/ports.js";
import type { Executor } from "../database.js";
import { auditEvents } from "../schema/index.js";

/** The append-only audit log. */
export function createAuditRepository(db: Executor): AuditRepository {
  return {
    async record(event) {
      await db.insert(auditEvents).values({
        at: event.at,
        actorRef: event.actorRef,
        action: event.action,
        subjectType: event.subjectType,
        subjectId: event.subjectId,
        before: event.before ?? null,
        after: event.after ?? null,
      });
    },
  };
}
