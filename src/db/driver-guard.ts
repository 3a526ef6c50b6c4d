import type { Logger } from "../core/ports.js";

/*
 * postgres.js 3.4.9 (the PostgreSQL driver) can throw from a setImmediate when a connection closes while a small
 * write is queued: `socket` is already gone when the deferred write runs (porsager/postgres#1154, #1208; fixes
 * proposed in #1168 and #1209, unreleased). Nothing can catch it, so by default the process exits whenever
 * PostgreSQL restarts under load. The connection it belonged to has already failed its queries, and the pool opens
 * a new one, so the process may go on: tests/reliability/database-restart.test.ts checks that no vote is lost.
 */

/** Whether an uncaught error is that driver failure, and nothing else. */
export function isKnownDriverCrash(error: unknown): boolean {
  return (
    error instanceof TypeError &&
    /reading 'write'/.test(error.message) &&
    /postgres[\\/]src[\\/]connection\.js/.test(error.stack ?? "")
  );
}

/**
 * Keeps the process running through the driver failure above, with a warning; any other uncaught error is logged
 * and ends the process, as it would without this handler. For the process's entry point only (not for code that
 * runs inside another program, such as a test runner, whose own handler this would replace).
 */
export function surviveKnownDriverCrash(logger: Logger): void {
  process.on("uncaughtException", (error) => {
    if (isKnownDriverCrash(error)) {
      logger.warn("the PostgreSQL driver wrote to a connection that had just closed (a known driver bug); carrying on");
      return;
    }
    process.stderr.write(`Concord stopped on an unexpected error: ${error.stack ?? String(error)}\n`);
    process.exit(1);
  });
}
