import cron from "node-cron";

/** How late a missed digest slot may still be run (after a restart, say); older slots are left. */
export const DIGEST_GRACE_MS = 24 * 60 * 60 * 1000;

/** The slots of a cron schedule in a time zone, at minute precision. */
export interface SlotSchedule {
  readonly expression: string;
  readonly timeZone: string;
  /** The latest slot at or before `now` and within `graceMs` of it, if any. */
  latestSlot(now: Date, graceMs?: number): Date | undefined;
}

/**
 * A schedule that names its slots from the clock rather than from when a timer fired, so replicas whose timers
 * fire a little apart, or a process catching up after a restart, agree on which slot they are running.
 */
export function createSlotSchedule(expression: string, timeZone: string): SlotSchedule {
  // A task that is never started: only its matcher is used.
  const matcher = cron.createTask(expression, () => {}, { timezone: timeZone });
  return {
    expression,
    timeZone,
    latestSlot(now, graceMs = DIGEST_GRACE_MS) {
      const start = Math.floor(now.getTime() / 60_000) * 60_000;
      for (let at = start; at > now.getTime() - graceMs; at -= 60_000) {
        const candidate = new Date(at);
        if (matcher.match(candidate)) return candidate;
      }
      return undefined;
    },
  };
}
