/**
 * One Concord replica in its own process, for the test that kills a process mid-delivery: it starts on the
 * settings in its environment with the clock fixed at CONCORD_TEST_NOW, runs the due digest slot and one
 * outbox pass, then exits.
 */
import { startConcord } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { runDueDigest } from "../../../src/jobs/schedule.js";
import { createLogger } from "../../../src/logger.js";

const now = new Date(process.env.CONCORD_TEST_NOW ?? "");
if (Number.isNaN(now.getTime())) throw new Error("CONCORD_TEST_NOW must be an ISO date");
const logger = createLogger("warn");
const concord = await startConcord(loadConfig(process.env), logger, { clock: { now: () => now }, schedule: false });
const run = await runDueDigest(concord.deps, concord.digest, logger);
process.stdout.write(`${JSON.stringify({ ran: run.ran })}\n`);
await concord.dispatcher.dispatchOnce();
await concord.stop();
