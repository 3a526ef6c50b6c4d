/**
 * A Concord replica in a process of its own, started from its settings in the environment, that delivers what it
 * commits at once (and, on PostgreSQL, is woken by the other replicas' commits) but runs no cron jobs: a test that
 * kills it decides when anything else sweeps. It prints READY once it listens.
 */
import { startConcord } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/logger.js";

const logger = createLogger("error");

const concord = await startConcord(loadConfig(process.env), logger, { schedule: false, live: true });
process.stdout.write("READY\n");
process.on("SIGTERM", () => {
  void concord.stop().finally(() => process.exit(0));
});
