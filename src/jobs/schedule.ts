import cron, { type ScheduledTask } from "node-cron";
import type { CoreDeps } from "../core/deps.js";
import type { Logger } from "../core/ports.js";
import { sweepProposals } from "../core/consensus/sweep.js";
import type { Dispatcher } from "../core/outbox/dispatcher.js";

/** Every minute: deadlines and reminders. Safe on several replicas (each proposal is decided under its lock). */
export const SWEEP_CRON = "* * * * *";
/** Every 10 seconds: outbox deliveries. Safe on several replicas (deliveries are claimed under leases). */
export const DISPATCH_CRON = "*/10 * * * * *";

/** The background jobs of one process, and how to stop them. */
export interface Jobs {
  stop(): Promise<void>;
}

/** Schedules the deadline sweep and the outbox dispatcher; each run only calls a core function with the clock. */
export function scheduleJobs(deps: CoreDeps, dispatcher: Dispatcher, logger: Logger): Jobs {
  const run = (name: string, work: () => Promise<unknown>) => async () => {
    try {
      await work();
    } catch (error) {
      logger.error(`${name} failed; it will run again on schedule`, { error });
    }
  };
  const tasks: ScheduledTask[] = [
    cron.schedule(
      SWEEP_CRON,
      run("deadline sweep", async () => {
        const report = await sweepProposals(deps);
        if (report.decided.length > 0 || report.reminded.length > 0) {
          logger.info("deadline sweep", { decided: report.decided.length, reminded: report.reminded.length });
        }
      }),
      { name: "deadline-sweep", noOverlap: true },
    ),
    cron.schedule(DISPATCH_CRON, run("outbox dispatch", () => dispatcher.dispatchOnce()), {
      name: "outbox-dispatch",
      noOverlap: true,
    }),
  ];
  return {
    async stop() {
      for (const task of tasks) await task.stop();
    },
  };
}
