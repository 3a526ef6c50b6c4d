import { lt, sql } from "drizzle-orm";
import type { RequestLedger } from "../../core/ports.js";
import type { Database } from "../database.js";
import { seenSlackRequests } from "../schema/index.js";

/** How long a request is remembered; Slack refuses a signature stamped more than five minutes from now. */
export const REPLAY_WINDOW_MS = 5 * 60_000;
/** How often one process deletes what fell out of the window (each replica does, which is harmless). */
const PRUNE_EVERY_MS = 60_000;
/** The most keys written in one statement. */
const MAX_BATCH = 500;
/**
 * A request arriving this soon after the one before it is part of a burst (many owners clicking at once): its write
 * waits `GATHER_MS` for the requests still being read off the network, so that a burst is a few statements rather
 * than one each. A request that comes on its own (lookups one after another, however busy the server) is written at
 * once: waiting would only add to its answer's time.
 */
const BURST_GAP_MS = 2;
const GATHER_MS = 5;

interface Waiting {
  readonly key: string;
  readonly now: Date;
  resolve(first: boolean): void;
  reject(error: unknown): void;
}

/**
 * The ledger of Slack requests seen lately, one row per key. A lone request is written at once; requests that come
 * in a burst (200 owners clicking at once) are gathered and written together, as votes are, so that a burst costs
 * a few inserts rather than one each. Once a minute the rows past the window are deleted.
 */
export function createRequestLedger(db: Database): RequestLedger {
  let prunedAt = Number.NEGATIVE_INFINITY;
  let queue: Waiting[] = [];
  let writing = false;
  let lastArrival = Number.NEGATIVE_INFINITY;
  let bursting = false;

  async function write(batch: readonly Waiting[]): Promise<void> {
    const latest = Math.max(...batch.map((w) => w.now.getTime()));
    if (latest - prunedAt >= PRUNE_EVERY_MS) {
      prunedAt = latest;
      await db.delete(seenSlackRequests).where(lt(seenSlackRequests.seenAt, new Date(latest - REPLAY_WINDOW_MS)));
    }
    // One statement may not touch a row twice: a key twice in one batch is a replay of the first.
    const firsts = new Map<string, Waiting>();
    for (const waiting of batch) if (!firsts.has(waiting.key)) firsts.set(waiting.key, waiting);
    const rows = await db
      .insert(seenSlackRequests)
      .values([...firsts.values()].map((w) => ({ key: w.key, seenAt: w.now })))
      // A key older than the window (not pruned yet) is taken over, not refused.
      .onConflictDoUpdate({
        target: seenSlackRequests.key,
        set: { seenAt: sql`excluded.seen_at` },
        setWhere: sql`${seenSlackRequests.seenAt} < excluded.seen_at - ${`${REPLAY_WINDOW_MS} milliseconds`}::interval`,
      })
      .returning({ key: seenSlackRequests.key });
    const fresh = new Set(rows.map((r) => r.key));
    for (const waiting of batch) waiting.resolve(firsts.get(waiting.key) === waiting && fresh.has(waiting.key));
  }

  async function drain(): Promise<void> {
    writing = true;
    try {
      if (bursting) await new Promise((resolve) => setTimeout(resolve, GATHER_MS));
      while (queue.length > 0) {
        const batch = queue.slice(0, MAX_BATCH);
        queue = queue.slice(MAX_BATCH);
        await write(batch).catch((error: unknown) => {
          for (const waiting of batch) waiting.reject(error);
        });
      }
    } finally {
      writing = false;
    }
  }

  return {
    recordFirst(key, now) {
      const arrived = performance.now();
      bursting = arrived - lastArrival < BURST_GAP_MS;
      lastArrival = arrived;
      return new Promise((resolve, reject) => {
        queue.push({ key, now, resolve, reject });
        if (!writing) void drain();
      });
    },
  };
}
