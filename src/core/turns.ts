/** How long work run in turns holds the thread before it lets the event loop serve what waits (requests, timers). */
export const TURN_MS = 10;

/**
 * Runs `steps` to their end on this thread, a turn of the event loop at a time: whenever a turn has run `turnMs`,
 * the work pauses at its next step (a `yield`) until what waits meanwhile, a lookup or Slack's acknowledgement, is
 * served. The steps decide how fine the turns can be; between two of their yields nothing else runs.
 */
export async function inTurns<T>(steps: Generator<void, T>, turnMs = TURN_MS): Promise<T> {
  // A turn of its own from the start: what ran before in this turn is not counted, and may have been long.
  await new Promise((resolve) => setImmediate(resolve));
  let until = performance.now() + turnMs;
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
    if (performance.now() >= until) {
      await new Promise((resolve) => setImmediate(resolve));
      until = performance.now() + turnMs;
    }
  }
}

/** Runs `steps` to their end at once. */
export function atOnce<T>(steps: Generator<void, T>): T {
  for (;;) {
    const step = steps.next();
    if (step.done) return step.value;
  }
}
