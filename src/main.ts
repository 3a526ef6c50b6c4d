import type { Concord } from "./app.js";
import { ConfigError, loadConfig, type Config } from "./config.js";
import type { Logger } from "./core/ports.js";
import { textTableSteps } from "./core/text/tables.js";
import { createLogger } from "./logger.js";

/** How long a stop may take (a process manager's own grace period is usually longer: systemd's is 90 s). */
const STOP_TIMEOUT_MS = 15_000;
/** How long after the start the word tables are read. */
const WARM_TABLES_AFTER_MS = 2_000;
/** Signals closer together than this are one request to stop. */
const REPEATED_SIGNAL_MS = 1_000;

/** Starts Concord from the environment; a bad setting or start failure prints one line and exits non-zero. */
async function main(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig(process.env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Concord cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  const logger = createLogger(config.logLevel);
  let concord: Concord | undefined;
  let stoppingSince: number | undefined;
  let stopRequested: string | undefined;
  const stop = (signal: string) => {
    // A signal while starting is kept, and acted on once the start has finished.
    if (!concord) {
      stopRequested ??= signal;
      return;
    }
    if (stoppingSince !== undefined) {
      // Ctrl-C under npm arrives twice at once (from the terminal and forwarded by npm): only a later one is a
      // second request, from an impatient person or process manager, to stop now (the exit still frees DATA_DIR).
      if (Date.now() - stoppingSince < REPEATED_SIGNAL_MS) return;
      logger.warn(`stopping at once on a second ${signal}`);
      process.exit(1);
    }
    stoppingSince = Date.now();
    logger.info(`stopping on ${signal}`);
    const tooLong = setTimeout(() => {
      logger.error(`stopping took longer than ${STOP_TIMEOUT_MS / 1000} s; exiting without waiting further`);
      process.exit(1);
    }, STOP_TIMEOUT_MS);
    tooLong.unref();
    concord.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error("stop failed", { error });
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", () => stop("SIGINT"));
  process.on("SIGTERM", () => stop("SIGTERM"));
  // The database opens while the rest of Concord loads: the embedded one compiles its WebAssembly meanwhile.
  const [{ openDatabase }, { DataDirInUseError }] = await Promise.all([import("./db/open.js"), import("./db/data-dir-lock.js")]);
  let database: ReturnType<typeof openDatabase>;
  try {
    database = openDatabase(config.database.url ? { url: config.database.url } : { dataDir: config.database.dataDir }, {
      what: process.argv.includes("--demo") ? "concord demo" : "concord start",
      onStaleLock: (message) => logger.warn(message),
    });
  } catch (error) {
    // Another process holds the embedded database's folder: nothing was opened or written.
    if (error instanceof DataDirInUseError) {
      process.stderr.write(`Concord cannot start: ${error.message}.\n`);
      process.exit(1);
    }
    // A folder that cannot be created or written (permissions, a file in the way): one line, as for a bad setting.
    const what = config.database.url ? "DATABASE_URL" : `the data folder ${config.database.dataDir}`;
    process.stderr.write(`Concord cannot start: ${what} cannot be used (${error instanceof Error ? error.message : String(error)}).\n`);
    process.exit(1);
  }
  const { startConcord, StartError } = await import("./app.js");
  try {
    concord = await startConcord(config, logger, { database, ownsDatabase: true });
  } catch (error) {
    if (error instanceof StartError) {
      process.stderr.write(`Concord cannot start: ${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
  if (stopRequested) {
    stop(stopRequested);
    return;
  }
  warmTextTables(logger);
  if (process.argv.includes("--demo")) await seedDemoStory(concord, logger);
}

/**
 * Reads the drift measure's word tables a moment after Concord is ready (a stop asked for at once is served first),
 * a few milliseconds a turn of the event loop so requests and signals are served between them, so a later lookup or
 * variant does not pay for them (about 100 ms in all); a table that cannot be read is logged, and the first
 * comparison tries again.
 */
function warmTextTables(logger: Logger): void {
  const steps = textTableSteps();
  const next = () => {
    try {
      if (steps.next().done) return;
    } catch (error) {
      logger.error("cannot read the drift measure's word tables", { error });
      return;
    }
    setTimeout(next, 0).unref();
  };
  setTimeout(next, WARM_TABLES_AFTER_MS).unref();
}

/** `--demo`: seeds the demo story into an empty glossary, as the first admin. */
async function seedDemoStory(concord: Concord, logger: Logger): Promise<void> {
  const [admin] = concord.deps.access.admins;
  const { seedDemo } = await import("./demo/story.js");
  const outcome = admin ? await seedDemo(concord.deps, { ref: admin }) : undefined;
  if (!outcome) {
    logger.warn("demo: nothing seeded, since seeding needs an admin: set ADMIN_USERS, or run without chat settings");
  } else if (outcome.seeded) {
    logger.info(
      `demo: seeded ${outcome.terms} terms, 4 domains and ${outcome.proposals} proposals; act as sally, sven, fiona or mia in the console`,
    );
  } else {
    logger.info("demo: the glossary already has domains, so nothing was seeded (use an empty DATA_DIR for a fresh demo)");
  }
}

/** Runs Concord as `npm start` does (scripts/start.mjs calls this on the compiled code); exits on a failure. */
export function runFromCommandLine(): void {
  main().catch((error: unknown) => {
    process.stderr.write(`Concord stopped on an unexpected error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
}

if (process.argv[1] && import.meta.url === new URL(`file://${process.argv[1]}`).href) runFromCommandLine();
