import type { ClaimedDelivery, Clock, Logger, OutboxEvent, OutboxQueue } from "../ports.js";

/** A platform's way of telling people about an event; it reads current state itself, so a late delivery is right. */
export interface Notifier {
  /** The destination name deliveries are queued under (`slack`, `teams`, `console`). */
  readonly destination: string;
  /** Delivers one event; throws to have it retried. A RetryLaterError sets when. */
  deliver(event: OutboxEvent & { readonly eventId: number }): Promise<void>;
  /** Told once a delivery is recorded as done: a surface that shows what was delivered may show it now. */
  delivered?(event: OutboxEvent & { readonly eventId: number }): void;
}

/** A failure that says when to try again (a 429's Retry-After, say). */
export class RetryLaterError extends Error {
  override readonly name = "RetryLaterError";
  constructor(
    message: string,
    readonly retryAfterMs: number,
  ) {
    super(message);
  }
}

export interface DispatcherOptions {
  readonly queue: OutboxQueue;
  readonly notifiers: readonly Notifier[];
  readonly clock: Clock;
  readonly logger: Logger;
  /** How long a claimed delivery is held before another dispatcher may take it over. */
  readonly leaseMs?: number;
  /** Deliveries claimed per destination per pass. */
  readonly batchSize?: number;
  /** Attempts before a delivery is given up (and logged as an error). */
  readonly maxAttempts?: number;
}

export interface DispatchReport {
  readonly delivered: number;
  readonly failed: number;
  readonly gaveUp: number;
  /** Claimed deliveries whose lease lapsed before their turn came, left to whoever holds them now. */
  readonly skipped: number;
  /** Tally updates left out because a later one for the same proposal was delivered in their place. */
  readonly absorbed: number;
  /** True when a destination had a whole batch due: more may be waiting behind it. */
  readonly more: boolean;
  /** How soon the earliest failed delivery of this pass is to be tried again, if one is. */
  readonly retryInMs?: number;
}

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Backoff before attempt n+1: 5 s, 10 s, 20 s … capped at 15 minutes. */
export function backoffMs(attempts: number): number {
  return Math.min(5_000 * 2 ** Math.max(0, attempts - 1), 15 * 60_000);
}

/**
 * Hands due outbox deliveries to their notifiers. Each delivery is claimed under a lease, so replicas never
 * deliver the same one at once, and a crash mid-delivery lets the lease lapse and the delivery be retried.
 */
export function createDispatcher(options: DispatcherOptions) {
  const leaseMs = options.leaseMs ?? 60_000;
  const batchSize = options.batchSize ?? 20;
  const maxAttempts = options.maxAttempts ?? 12;

  async function deliverOne(notifier: Notifier, delivery: ClaimedDelivery, report: Mutable<DispatchReport>) {
    // A batch can outlast its lease (a slow API, a paused process): each delivery re-checks that it is still ours,
    // so a delivery another dispatcher has taken over is never sent twice by this one.
    if (!(await options.queue.renew(delivery, options.clock.now(), leaseMs))) {
      report.skipped += 1;
      options.logger.warn("an outbox delivery's lease lapsed before it was sent; left to its new holder", deliveryFields(notifier, delivery));
      return;
    }
    try {
      // Every tally update shows the proposal as it stands when delivered: one delivery stands for those queued before it.
      report.absorbed += await options.queue.absorbTallies(delivery, options.clock.now());
      const event = { ...delivery.event, eventId: delivery.eventId };
      await notifier.deliver(event);
      if (await options.queue.markDelivered(delivery, options.clock.now())) notifier.delivered?.(event);
      report.delivered += 1;
    } catch (error) {
      // The row keeps the message; the log keeps the error itself (its stack and cause).
      const message = error instanceof Error ? error.message : String(error);
      const now = options.clock.now().getTime();
      const giveUp = delivery.attempts >= maxAttempts;
      const wait = error instanceof RetryLaterError ? error.retryAfterMs : backoffMs(delivery.attempts);
      await options.queue.markFailed(delivery, message, giveUp ? null : new Date(now + wait));
      if (!giveUp) report.retryInMs = Math.min(report.retryInMs ?? wait, wait);
      if (giveUp) {
        report.gaveUp += 1;
        options.logger.error("gave up delivering an outbox event", {
          ...deliveryFields(notifier, delivery),
          attempts: delivery.attempts,
          error,
        });
      } else {
        report.failed += 1;
        options.logger.warn("outbox delivery failed; will retry", {
          ...deliveryFields(notifier, delivery),
          attempt: delivery.attempts,
          retryInMs: wait,
          error,
        });
      }
    }
  }

  return {
    /** One pass over every destination: claims what is due and delivers it in order of creation. */
    async dispatchOnce(): Promise<DispatchReport> {
      const report: Mutable<DispatchReport> = { delivered: 0, failed: 0, gaveUp: 0, skipped: 0, absorbed: 0, more: false };
      for (const notifier of options.notifiers) {
        const claimed = await options.queue.claim(notifier.destination, options.clock.now(), batchSize, leaseMs);
        if (claimed.length >= batchSize) report.more = true;
        const lastTally = new Map<number, ClaimedDelivery>();
        for (const delivery of claimed) {
          if (delivery.event.kind === "proposal.tally") lastTally.set(delivery.event.proposalId, delivery);
        }
        for (const delivery of claimed) {
          const covered = delivery.event.kind === "proposal.tally" && lastTally.get(delivery.event.proposalId) !== delivery;
          if (covered && (await options.queue.markDelivered(delivery, options.clock.now()))) {
            report.absorbed += 1;
            continue;
          }
          await deliverOne(notifier, delivery, report);
        }
      }
      return report;
    },
  };
}

export type Dispatcher = ReturnType<typeof createDispatcher>;

/** What names one delivery in the log: where it goes, its event, and the proposal it is about, if any. */
function deliveryFields(notifier: Notifier, delivery: ClaimedDelivery): Record<string, unknown> {
  return {
    destination: notifier.destination,
    delivery: delivery.eventId,
    kind: delivery.event.kind,
    ...("proposalId" in delivery.event ? { proposal: delivery.event.proposalId } : {}),
  };
}
