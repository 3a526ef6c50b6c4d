/**
 * Concord in a process of its own, started from its settings in the environment as `npm start` would (no jobs:
 * the test drives the outbox itself). It prints READY once it listens.
 *
 * With CONCORD_TEST_SURVIVE_DRIVER_CRASH=1 it survives one known failure of the PostgreSQL driver (postgres.js
 * writing to a socket that has just closed, thrown from a setImmediate: porsager/postgres#1154, #1208), printing
 * DRIVER_CRASH instead of exiting, so the rest of the behaviour across a restart can still be checked.
 */
import { startConcord } from "../../../src/app.js";
import { loadConfig } from "../../../src/config.js";
import { createLogger } from "../../../src/logger.js";

if (process.env.CONCORD_TEST_SURVIVE_DRIVER_CRASH === "1") {
  process.on("uncaughtException", (error) => {
    const known = error instanceof TypeError && /reading 'write'/.test(error.message) && /postgres\/src\/connection\.js/.test(error.stack ?? "");
    if (!known) {
      process.stderr.write(`${error.stack ?? String(error)}\n`);
      process.exit(1);
    }
    process.stdout.write("DRIVER_CRASH\n");
  });
}

const concord = await startConcord(loadConfig(process.env), createLogger("error"), { schedule: false });
process.stdout.write("READY\n");
process.on("SIGTERM", () => {
  void concord.stop().finally(() => process.exit(0));
});
