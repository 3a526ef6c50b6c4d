import cron, { type ScheduledTask } from "node-cron";
import type { CoreDeps } from "../core/deps.js";
import { runScheduledDigest, type DigestRun, type DigestTargets } from "../core/digest/run.js";
import type { Logger } from "../core/ports.js";
import { sweepProposals } from "../core/consensus/sweep.js";
import type { SlotSchedule } from "./digest-slots.js";

/** Every minute: deadlines, reminders, and a digest slot missed while no replica was running. */
export const SWEEP_CRON = "* * * * *";
/**
 * Every 10 seconds: the outbox's safety net, for what a crash or an unreachable platform left behind (commits wake
 * delivery at once). Safe on several replicas: deliveries are claimed under leases.
 */
export const DISPATCH_CRON = "*/10 * * * * *";

/** The background jobs of one process, and how to stop them. */
export interface Jobs {
  stop(): Promise<void>;
}

/** The digest's schedule and where it is posted. */
export interface DigestJob {
  readonly schedule: SlotSchedule;
  readonly targets: DigestTargets;
}

/**
 * Runs the digest for the latest slot of its schedule, if that slot is due and no replica has run it yet.
 * Every replica may call this at any time: the slot is claimed in the database, so it runs once.
 */
export async function runDueDigest(deps: CoreDeps, job: DigestJob, logger: Logger): Promise<DigestRun> {
  const slot = job.schedule.latestSlot(deps.clock.now());
  if (!slot) return { ran: false };
  const run = await runScheduledDigest(deps, slot, job.targets);
  if (run.ran) {
    logger.info("weekly digest built", {
      slot: slot.toISOString(),
      digestId: run.digestId,
      posts: run.posts,
      driftIndex: run.digest.index.value,
    });
  }
  return run;
}

/**
 * Schedules the sweep, the digest and the outbox's periodic pass (`deliver`, one pass of the dispatcher); each run
 * only calls a core function with the clock.
 */
export function scheduleJobs(deps: CoreDeps, deliver: () => Promise<unknown>, digest: DigestJob, logger: Logger): Jobs {
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
        // Catches up a slot missed while every replica was down; a no-op once the slot has run.
        await runDueDigest(deps, digest, logger);
      }),
      { name: "deadline-sweep", noOverlap: true },
    ),
    cron.schedule(
      digest.schedule.expression,
      run("weekly digest", () => runDueDigest(deps, digest, logger)),
      { name: "weekly-digest", noOverlap: true, timezone: digest.schedule.timeZone },
    ),
    cron.schedule(DISPATCH_CRON, run("outbox dispatch", deliver), {
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
