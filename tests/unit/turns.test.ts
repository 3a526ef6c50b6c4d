import { describe, expect, it } from "vitest";
import { atOnce, inTurns } from "../../src/core/turns.js";

/** Steps that each take about `stepMs` of the thread, counting how many ran. */
function* busySteps(count: number, stepMs: number, ran: { steps: number }, arrives?: () => void): Generator<void, string> {
  for (let k = 0; k < count; k++) {
    // Something arrives while the first step runs, as a request does.
    if (k === 0) arrives?.();
    const until = performance.now() + stepMs;
    while (performance.now() < until) {
      // Holding the thread, as a step of the digest's computation does.
    }
    ran.steps += 1;
    yield;
  }
  return "done";
}

describe("work run in turns", () => {
  it("lets what waits on the event loop run between turns, and returns the steps' result", async () => {
    const ran = { steps: 0 };
    let servedAfter: number | undefined;
    const arrives = () => void setImmediate(() => (servedAfter = ran.steps));
    const result = await inTurns(busySteps(20, 2, ran, arrives), 5);
    expect(result).toBe("done");
    expect(ran.steps).toBe(20);
    // Served after the first turn (a few steps), long before the last step.
    expect(servedAfter).toBeGreaterThan(0);
    expect(servedAfter).toBeLessThan(20);
  });

  it("runs steps to their end without a pause when asked to", async () => {
    const ran = { steps: 0 };
    let servedAfter: number | undefined;
    expect(atOnce(busySteps(5, 1, ran, () => void setImmediate(() => (servedAfter = ran.steps))))).toBe("done");
    await new Promise((resolve) => setImmediate(resolve));
    expect(servedAfter).toBe(5);
  });
});
