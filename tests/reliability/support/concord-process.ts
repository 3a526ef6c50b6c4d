/**
 * Concord in a process of its own, started from its settings in the environment as `npm start` would (no jobs:
 * the test drives the outbox itself). It prints READY once it listens.
 */
import { startConcord } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { surviveKnownDriverCrash } from "../../../src/db/driver-guard.js";
import { createLogger } from "../../../src/logger.js";

const logger = createLogger("error");
// What src/main.ts installs: the process survives the driver's known failure (src/db/driver-guard.ts).
surviveKnownDriverCrash(logger);

const concord = await startConcord(loadConfig(process.env), logger, { schedule: false });
process.stdout.write("READY\n");
process.on("SIGTERM", () => {
  void concord.stop().finally(() => process.exit(0));
});
