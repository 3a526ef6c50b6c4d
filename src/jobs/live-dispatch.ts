import type { DispatchReport } from "../core/outbox/dispatcher.js";
import type { Logger, OutboxEvent } from "../core/ports.js";

export interface DeliveryPumpOptions {
  readonly dispatcher: { dispatchOnce(): Promise<DispatchReport> };
  readonly logger: Logger;
  /** How long a tally update waits for more votes to arrive with it: votes that come together make one update. */
  readonly quietMs?: number;
  /** The longest a tally update waits for company, counted from the first vote it stands for. */
  readonly maxWaitMs?: number;
  /** A failed delivery due again within this is retried by the pump; later ones are left to the periodic pass. */
  readonly retryHorizonMs?: number;
}

/** Runs outbox passes as soon as there is something to deliver, one pass at a time in this process. */
export interface DeliveryPump {
  /** Something of these kinds was committed: deliver it now, or, for tally updates alone, very soon. */
  wake(kinds: Iterable<OutboxEvent["kind"]>): void;
  /** Runs a pass now (after the one under way, if any) and resolves when it is done: the periodic safety net. */
  flush(): Promise<void>;
  /** Resolves once no pass is running or waiting to run. */
  idle(): Promise<void>;
  /** Stops waking; resolves when the pass under way has finished. */
  stop(): Promise<void>;
}

/**
 * Live delivery: a commit that queued an announcement wakes the dispatcher at once, so a proposal's message, a
 * decision and its thread reply are on screen without waiting for a periodic pass. Tally updates are coalesced,
 * not delayed: they wait `quietMs` for more votes (never more than `maxWaitMs` after the first), and one pass
 * then shows them all, since a tally is rendered from the proposal's current state.
 */
export function createDeliveryPump(options: DeliveryPumpOptions): DeliveryPump {
  const quietMs = options.quietMs ?? 150;
  const maxWaitMs = options.maxWaitMs ?? 800;
  const retryHorizonMs = options.retryHorizonMs ?? 10_000;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  let tallyTimer: NodeJS.Timeout | undefined;
  let firstTallyAt: number | undefined;
  let retryTimer: NodeJS.Timeout | undefined;

  const clearTallyTimer = () => {
    if (tallyTimer) clearTimeout(tallyTimer);
    tallyTimer = undefined;
    firstTallyAt = undefined;
  };

  function runSoon(): Promise<void> {
    clearTallyTimer();
    if (stopped) return running ?? Promise.resolve();
    if (running) {
      again = true;
      return running;
    }
    running = passes().finally(() => (running = undefined));
    return running;
  }

  async function passes(): Promise<void> {
    do {
      again = false;
      try {
        const report = await options.dispatcher.dispatchOnce();
        if (report.more) again = true;
        if (report.retryInMs !== undefined && report.retryInMs <= retryHorizonMs) retryIn(report.retryInMs);
      } catch (error) {
        options.logger.error("outbox delivery failed; the periodic pass will try again", { error });
      }
    } while (again && !stopped);
  }

  function retryIn(ms: number) {
    if (retryTimer || stopped) return;
    retryTimer = setTimeout(() => {
      retryTimer = undefined;
      void runSoon();
    }, ms);
    retryTimer.unref();
  }

  return {
    wake(kinds) {
      if (stopped) return;
      let urgent = false;
      let tally = false;
      for (const kind of kinds) {
        if (kind === "proposal.tally") tally = true;
        else urgent = true;
      }
      if (urgent) return void runSoon();
      if (!tally) return;
      const now = Date.now();
      firstTallyAt ??= now;
      const at = Math.min(now + quietMs, firstTallyAt + maxWaitMs);
      if (tallyTimer) clearTimeout(tallyTimer);
      tallyTimer = setTimeout(() => void runSoon(), Math.max(0, at - now));
      tallyTimer.unref();
    },
    flush: () => runSoon(),
    async idle() {
      while (running || tallyTimer) {
        if (running) await running;
        else await new Promise((resolve) => setTimeout(resolve, quietMs));
      }
    },
    async stop() {
      stopped = true;
      clearTallyTimer();
      if (retryTimer) clearTimeout(retryTimer);
      retryTimer = undefined;
      await running;
    },
  };
}
