/**
 * Concord in a process of its own, started from its settings in the environment as `npm start` would (no jobs:
 * the test drives the outbox itself). It prints READY once it listens.
 */
import { startConcord } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/logger.js";

const logger = createLogger("error");

const concord = await startConcord(loadConfig(process.env), logger, { schedule: false });
process.stdout.write("READY\n");
process.on("SIGTERM", () => {
  void concord.stop().finally(() => process.exit(0));
});
