import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, gt, inArray, isNull, lte, ne, or, sql } from "drizzle-orm";
import type {
  ClaimedDelivery,
  DigestPost,
  ImportEvent,
  OutboxEvent,
  OutboxQueue,
  OutboxRepository,
  ProposalEvent,
} from "../../core/ports.js";
import type { Database, Executor } from "../database.js";
import { outboxDeliveries, outboxEvents } from "../schema/index.js";

/** The PostgreSQL notification an enqueue sends, in its own transaction, to wake other replicas' dispatchers. */
export interface OutboxNotice {
  readonly channel: string;
  /** Says which process queued the event, so that it does not wake itself a second time. */
  readonly origin: string;
}

/** What an outbox notification carries: the process that queued the event, and whether it can wait for company. */
export function outboxNoticePayload(origin: string, kind: OutboxEvent["kind"]): string {
  return `${origin} ${kind}`;
}

/** Queues events for each destination in the caller's transaction. */
export function createOutboxRepository(
  db: Executor,
  destinations: readonly string[],
  options: { onEnqueued?: (kind: OutboxEvent["kind"]) => void; notice?: OutboxNotice } = {},
): OutboxRepository {
  return {
    async enqueue(event, now, only) {
      const targets = only ? destinations.filter((d) => only.includes(d)) : destinations;
      const proposalId = "proposalId" in event ? event.proposalId : null;
      // A notification sent inside a transaction reaches listeners when it commits, and not at all if it rolls back.
      const notice = options.notice
        ? sql`, notice as (select pg_notify(${options.notice.channel}, ${outboxNoticePayload(options.notice.origin, event.kind)}))`
        : sql``;
      const noticeJoin = options.notice ? sql`, notice` : sql``;
      // The event and its deliveries in one statement: announcements are written on the hot path of every vote.
      await db.execute(sql`
        with event as (
          insert into outbox_events (kind, proposal_id, payload, created_at)
          values (${event.kind}, ${proposalId}, ${JSON.stringify(event.payload)}::jsonb, ${now.toISOString()}::timestamptz)
          returning id)${notice}
        insert into outbox_deliveries (event_id, destination, next_attempt_at)
        select event.id, target, ${now.toISOString()}::timestamptz
          from event${noticeJoin}, unnest(array[${sql.join(
            targets.map((target) => sql`${target}`),
            sql`, `,
          )}]::text[]) as target`);
      options.onEnqueued?.(event.kind);
    },
  };
}

/** Claims and marks deliveries under leases, each step its own short transaction. */
export function createOutboxQueue(db: Database): OutboxQueue {
  return {
    async claim(destination, now, limit, leaseMs) {
      const token = randomUUID();
      const leaseUntil = new Date(now.getTime() + leaseMs);
      return db.transaction(async (tx) => {
        const due = await tx
          .select({ eventId: outboxDeliveries.eventId })
          .from(outboxDeliveries)
          .where(
            and(
              eq(outboxDeliveries.destination, destination),
              eq(outboxDeliveries.status, "pending"),
              lte(outboxDeliveries.nextAttemptAt, now),
              or(isNull(outboxDeliveries.leaseUntil), lte(outboxDeliveries.leaseUntil, now)),
            ),
          )
          .orderBy(asc(outboxDeliveries.eventId))
          .limit(limit)
          .for("update", { skipLocked: true });
        if (due.length === 0) return [];
        const claimed = await tx
          .update(outboxDeliveries)
          .set({ leaseUntil, leaseToken: token, attempts: sql`${outboxDeliveries.attempts} + 1` })
          .where(
            and(
              eq(outboxDeliveries.destination, destination),
              inArray(
                outboxDeliveries.eventId,
                due.map((d) => d.eventId),
              ),
            ),
          )
          .returning({ eventId: outboxDeliveries.eventId, attempts: outboxDeliveries.attempts });
        const events = await tx
          .select()
          .from(outboxEvents)
          .where(
            inArray(
              outboxEvents.id,
              claimed.map((c) => c.eventId),
            ),
          );
        const byId = new Map(events.map((e) => [e.id, e]));
        return claimed
          .map((c): ClaimedDelivery => {
            const event = byId.get(c.eventId)!;
            return {
              eventId: c.eventId,
              destination,
              attempts: c.attempts,
              leaseToken: token,
              createdAt: event.createdAt,
              event: toEvent(event),
            };
          })
          .sort((a, b) => a.eventId - b.eventId);
      });
    },
    async renew(delivery, now, leaseMs) {
      const rows = await db
        .update(outboxDeliveries)
        .set({ leaseUntil: new Date(now.getTime() + leaseMs) })
        .where(
          and(ownLease(delivery), eq(outboxDeliveries.status, "pending"), gt(outboxDeliveries.leaseUntil, now)),
        )
        .returning({ eventId: outboxDeliveries.eventId });
      return rows.length > 0;
    },
    async delivered(destination, limit) {
      const rows = await db
        .select({ event: outboxEvents })
        .from(outboxDeliveries)
        .innerJoin(outboxEvents, eq(outboxEvents.id, outboxDeliveries.eventId))
        .where(and(eq(outboxDeliveries.destination, destination), eq(outboxDeliveries.status, "delivered")))
        .orderBy(desc(outboxDeliveries.eventId))
        .limit(limit);
      return rows.reverse().map(({ event }) => ({ eventId: event.id, event: toEvent(event), createdAt: event.createdAt }));
    },
    async absorbTallies(delivery, now) {
      if (delivery.event.kind !== "proposal.tally") return 0;
      const sameProposal = db
        .select({ id: outboxEvents.id })
        .from(outboxEvents)
        .where(and(eq(outboxEvents.kind, "proposal.tally"), eq(outboxEvents.proposalId, delivery.event.proposalId)));
      const rows = await db
        .update(outboxDeliveries)
        .set({ status: "delivered", deliveredAt: now, lastError: null })
        .where(
          and(
            eq(outboxDeliveries.destination, delivery.destination),
            eq(outboxDeliveries.status, "pending"),
            or(isNull(outboxDeliveries.leaseUntil), lte(outboxDeliveries.leaseUntil, now)),
            ne(outboxDeliveries.eventId, delivery.eventId),
            inArray(outboxDeliveries.eventId, sameProposal),
          ),
        )
        .returning({ eventId: outboxDeliveries.eventId });
      return rows.length;
    },
    async markDelivered(delivery, now) {
      const rows = await db
        .update(outboxDeliveries)
        .set({ status: "delivered", deliveredAt: now, leaseUntil: null, leaseToken: null, lastError: null })
        .where(ownLease(delivery))
        .returning({ eventId: outboxDeliveries.eventId });
      return rows.length > 0;
    },
    async markFailed(delivery, error, retryAt) {
      const rows = await db
        .update(outboxDeliveries)
        .set({
          status: retryAt ? "pending" : "dead",
          nextAttemptAt: retryAt ?? sql`${outboxDeliveries.nextAttemptAt}`,
          leaseUntil: null,
          leaseToken: null,
          lastError: error.slice(0, 2000),
        })
        .where(ownLease(delivery))
        .returning({ eventId: outboxDeliveries.eventId });
      return rows.length > 0;
    },
  };
}

function ownLease(delivery: ClaimedDelivery) {
  return and(
    eq(outboxDeliveries.eventId, delivery.eventId),
    eq(outboxDeliveries.destination, delivery.destination),
    eq(outboxDeliveries.leaseToken, delivery.leaseToken),
  );
}

function toEvent(row: typeof outboxEvents.$inferSelect): OutboxEvent {
  if (row.kind === "digest.post") return { kind: "digest.post", payload: row.payload as DigestPost };
  // An import's events name the import, not a proposal.
  if (row.kind === "import.opened" || row.kind === "import.closed") return { kind: row.kind, payload: row.payload as ImportEvent["payload"] };
  return {
    kind: row.kind as ProposalEvent["kind"],
    proposalId: row.proposalId ?? 0,
    payload: (row.payload ?? {}) as Record<string, unknown>,
  };
}
