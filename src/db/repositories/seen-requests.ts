import { gte, lt, sql } from "drizzle-orm";
import type { Logger, RequestLedger } from "../../core/ports.js";
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

/** Deletes the keys that fell out of the window before `latest` (epoch milliseconds). */
async function pruneBefore(db: Database, latest: number): Promise<void> {
  await db.delete(seenSlackRequests).where(lt(seenSlackRequests.seenAt, new Date(latest - REPLAY_WINDOW_MS)));
}

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
      await pruneBefore(db, latest);
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

/** How long a key recorded by the local ledger waits before it is written, with the others that came meanwhile. */
const WRITE_BEHIND_MS = 250;

/** One local ledger per open database: every store made on it (and every bot in the process) shares its memory. */
const localLedgers = new WeakMap<Database, RequestLedger>();

/**
 * The ledger for a database only this process can open (an embedded PGlite folder is locked to one process): the
 * keys of the last five minutes are held in memory, where each request is decided at once, and written behind a
 * batch at a time, so that the next start of the process reads them back and still refuses their replays. Only
 * keys of the last quarter second before a crash are lost. On PostgreSQL, where replicas share the ledger, use
 * `createRequestLedger`: a request must be decided by the database there.
 */
export function localRequestLedger(db: Database, logger: Logger): RequestLedger {
  let ledger = localLedgers.get(db);
  if (!ledger) {
    ledger = createLocalRequestLedger(db, logger);
    localLedgers.set(db, ledger);
  }
  return ledger;
}

/** A local ledger of its own (`localRequestLedger` shares one per database): for a test standing for a restart. */
export function createLocalRequestLedger(db: Database, logger: Logger): RequestLedger {
  /** Key → when it was seen (epoch milliseconds). */
  const held = new Map<string, number>();
  let loaded: Promise<void> | undefined;
  let unwritten = new Map<string, Date>();
  let timer: NodeJS.Timeout | undefined;
  let writing: Promise<void> = Promise.resolve();
  let prunedAt = Number.NEGATIVE_INFINITY;

  const load = async (now: Date): Promise<void> => {
    const rows = await db
      .select({ key: seenSlackRequests.key, seenAt: seenSlackRequests.seenAt })
      .from(seenSlackRequests)
      .where(gte(seenSlackRequests.seenAt, new Date(now.getTime() - REPLAY_WINDOW_MS)));
    for (const row of rows) held.set(row.key, Math.max(held.get(row.key) ?? Number.NEGATIVE_INFINITY, row.seenAt.getTime()));
  };

  const write = async (): Promise<void> => {
    const batch = [...unwritten].map(([key, seenAt]) => ({ key, seenAt }));
    unwritten = new Map();
    const latest = Math.max(...batch.map((row) => row.seenAt.getTime()));
    try {
      if (latest - prunedAt >= PRUNE_EVERY_MS) {
        prunedAt = latest;
        await pruneBefore(db, latest);
      }
      for (let at = 0; at < batch.length; at += MAX_BATCH) {
        await db
          .insert(seenSlackRequests)
          .values(batch.slice(at, at + MAX_BATCH))
          .onConflictDoUpdate({ target: seenSlackRequests.key, set: { seenAt: sql`excluded.seen_at` } });
      }
    } catch (error) {
      // This process still refuses their replays from memory; only a restart within five minutes would not.
      logger.warn(`could not write ${batch.length} Slack request keys to the replay ledger; they are held in memory`, { error });
    }
  };

  const scheduleWrite = () => {
    if (timer) return;
    timer = setTimeout(() => {
      timer = undefined;
      writing = writing.then(write);
    }, WRITE_BEHIND_MS);
    // Pending keys do not hold a stopping process open: at most a quarter second of them is lost.
    timer.unref();
  };

  const forget = (now: number) => {
    for (const [key, seenAt] of held) if (now - seenAt > REPLAY_WINDOW_MS) held.delete(key);
  };
  let forgottenAt = Number.NEGATIVE_INFINITY;

  return {
    async flush() {
      if (timer) {
        clearTimeout(timer);
        timer = undefined;
        writing = writing.then(write);
      }
      await writing;
    },
    async recordFirst(key, now) {
      await (loaded ??= load(now).catch((error: unknown) => {
        loaded = undefined;
        throw error;
      }));
      const at = now.getTime();
      if (at - forgottenAt >= PRUNE_EVERY_MS) {
        forgottenAt = at;
        forget(at);
      }
      const seenAt = held.get(key);
      // As in the shared ledger: a key seen within the window before `now` is a replay; an older one is taken over.
      if (seenAt !== undefined && seenAt >= at - REPLAY_WINDOW_MS) return false;
      held.set(key, at);
      unwritten.set(key, now);
      scheduleWrite();
      return true;
    },
  };
}
