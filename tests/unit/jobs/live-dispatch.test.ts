import { afterEach, describe, expect, it, vi } from "vitest";
import type { DispatchReport } from "../../../src/core/outbox/dispatcher.js";
import { createDeliveryPump } from "../../../src/jobs/live-dispatch.js";
import { createMemoryLogger } from "../../support/eventually.js";

const quiet: DispatchReport = { delivered: 0, failed: 0, gaveUp: 0, skipped: 0, absorbed: 0, more: false };

/** A dispatcher that records when each pass starts and answers the reports it is given, then quiet ones. */
function recordingDispatcher(reports: DispatchReport[] = [], passMs = 0) {
  const starts: number[] = [];
  return {
    starts,
    async dispatchOnce(): Promise<DispatchReport> {
      starts.push(Date.now());
      if (passMs > 0) await new Promise((resolve) => setTimeout(resolve, passMs));
      return reports.shift() ?? quiet;
    },
  };
}

describe("live delivery", () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it("runs a pass at once for an announcement other than a tally", async () => {
    vi.useFakeTimers({ now: 0 });
    const dispatcher = recordingDispatcher();
    const pump = createDeliveryPump({ dispatcher, logger: createMemoryLogger() });
    pump.wake(["proposal.opened"]);
    await vi.advanceTimersByTimeAsync(0);
    expect(dispatcher.starts).toEqual([0]);
    await pump.stop();
  });

  it("coalesces tally updates that arrive together into one pass, soon after the last of them", async () => {
    vi.useFakeTimers({ now: 0 });
    const dispatcher = recordingDispatcher();
    const pump = createDeliveryPump({ dispatcher, logger: createMemoryLogger(), quietMs: 150, maxWaitMs: 800 });
    for (let i = 0; i < 5; i++) {
      pump.wake(["proposal.tally"]);
      await vi.advanceTimersByTimeAsync(50);
    }
    expect(dispatcher.starts).toEqual([]);
    await vi.advanceTimersByTimeAsync(150);
    expect(dispatcher.starts).toEqual([350]);
    await pump.stop();
  });

  it("never holds a tally update longer than the longest wait after the first vote, however many follow", async () => {
    vi.useFakeTimers({ now: 0 });
    const dispatcher = recordingDispatcher();
    const pump = createDeliveryPump({ dispatcher, logger: createMemoryLogger(), quietMs: 150, maxWaitMs: 800 });
    for (let t = 0; t < 2_000; t += 100) {
      pump.wake(["proposal.tally"]);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(dispatcher.starts.slice(0, 2)).toEqual([800, 1_600]);
    await pump.stop();
  });

  it("runs one pass at a time, and one more after it for what was committed meanwhile", async () => {
    vi.useFakeTimers({ now: 0 });
    const dispatcher = recordingDispatcher([], 100);
    const pump = createDeliveryPump({ dispatcher, logger: createMemoryLogger() });
    pump.wake(["proposal.opened"]);
    await vi.advanceTimersByTimeAsync(10);
    pump.wake(["proposal.decided"]);
    pump.wake(["proposal.decided"]);
    await vi.advanceTimersByTimeAsync(300);
    expect(dispatcher.starts).toEqual([0, 100]);
    await pump.stop();
  });

  it("keeps passing while a destination has a whole batch due, and retries a failure due soon", async () => {
    vi.useFakeTimers({ now: 0 });
    const dispatcher = recordingDispatcher([{ ...quiet, more: true }, { ...quiet, failed: 1, retryInMs: 1_000 }]);
    const pump = createDeliveryPump({ dispatcher, logger: createMemoryLogger() });
    pump.wake(["digest.post"]);
    await vi.advanceTimersByTimeAsync(10);
    expect(dispatcher.starts).toEqual([0, 0]);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(dispatcher.starts).toEqual([0, 0, 1_000]);
    await pump.stop();
  });

  it("logs a failed pass with its error and keeps waking for later commits", async () => {
    const logger = createMemoryLogger();
    let calls = 0;
    const pump = createDeliveryPump({
      dispatcher: {
        async dispatchOnce() {
          calls += 1;
          if (calls === 1) throw new Error("connection refused");
          return quiet;
        },
      },
      logger,
    });
    await pump.flush();
    await pump.flush();
    expect(calls).toBe(2);
    expect(logger.lines).toEqual([
      expect.objectContaining({ level: "error", fields: { error: expect.objectContaining({ message: "connection refused" }) } }),
    ]);
    await pump.stop();
  });

  it("does nothing once stopped", async () => {
    vi.useFakeTimers({ now: 0 });
    const dispatcher = recordingDispatcher();
    const pump = createDeliveryPump({ dispatcher, logger: createMemoryLogger() });
    pump.wake(["proposal.tally"]);
    await pump.stop();
    pump.wake(["proposal.opened"]);
    await vi.advanceTimersByTimeAsync(2_000);
    expect(dispatcher.starts).toEqual([]);
  });
});
