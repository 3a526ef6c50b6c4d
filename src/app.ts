import { randomUUID } from "node:crypto";
import type { Server } from "node:http";
import express from "express";
import { describeConfig, type Config } from "./config.js";
import type { CoreDeps } from "./core/deps.js";
import { createDispatcher, type Dispatcher, type Notifier } from "./core/outbox/dispatcher.js";
import type { Clock, Logger, OutboxEvent } from "./core/ports.js";
import type { Platform } from "./core/types.js";
import { migrateDatabase, openDatabase, type OpenedDatabase } from "./db/open.js";
import { listenForNotices, OUTBOX_CHANNEL, type Listening } from "./db/notifications.js";
import { createCatalogueRepository } from "./db/repositories/catalogue.js";
import { createStore } from "./db/store.js";
import { createSlotSchedule } from "./jobs/digest-slots.js";
import { createDeliveryPump, type DeliveryPump } from "./jobs/live-dispatch.js";
import { scheduleJobs, type DigestJob } from "./jobs/schedule.js";
import type { SlackBot } from "./slack/app.js";
import type { TeamsBot, TeamsBotOptions } from "./teams/app.js";
import { CONSOLE_CHANNEL, CONSOLE_DESTINATION, createConsoleNotifier, registerConsole } from "./web/console/index.js";
import { createLinks } from "./web/links.js";
import { registerPages, registerWriteApi } from "./web/pages/index.js";
import { createHttpApp, finishHttpApp } from "./web/server.js";

/** A running Concord: its settings, database and HTTP server, and how to stop it. */
export interface Concord {
  readonly config: Config;
  readonly database: OpenedDatabase;
  readonly deps: CoreDeps;
  readonly server: Server;
  readonly dispatcher: Dispatcher;
  /** Live delivery, when on (see `StartOptions.live`). */
  readonly delivery: DeliveryPump | undefined;
  /** The digest's schedule and targets, for `runDueDigest` when the caller runs the jobs itself. */
  readonly digest: DigestJob;
  readonly slack: SlackBot | undefined;
  stop(): Promise<void>;
}

/** What tests (and tools) may hand in instead of what the settings name. */
export interface StartOptions {
  /** An already open database (migrated again here, which is a no-op when current). */
  readonly database?: OpenedDatabase;
  /** True when that database is Concord's to close when it stops (it was opened for it, early); else the caller's. */
  readonly ownsDatabase?: boolean;
  readonly clock?: Clock;
  /** False to leave the jobs to the caller (`concord.dispatcher`, `sweepProposals`, `runDueDigest`). */
  readonly schedule?: boolean;
  /**
   * Whether a commit that queues an announcement delivers it at once (and, on PostgreSQL, wakes the other
   * replicas). On by default; off by default when `schedule` is false, so such callers dispatch by hand.
   */
  readonly live?: boolean;
}

/** Wires config → database → core → jobs → HTTP server. Throws StartError for anything a person must fix. */
export async function startConcord(config: Config, logger: Logger, options: StartOptions = {}): Promise<Concord> {
  const database =
    options.database ??
    openDatabase(config.database.url ? { url: config.database.url } : { dataDir: config.database.dataDir });
  try {
    await migrateDatabase(database);
  } catch (error) {
    await database.close().catch(() => {});
    throw new StartError(describeDatabaseFailure(config, error), error);
  }
  // Outbox events are queued for every platform configured; each platform's notifier delivers its own.
  const destinations: Platform[] = [
    ...(config.slack ? (["slack"] as const) : []),
    "teams",
    ...(config.console.enabled ? ([CONSOLE_DESTINATION] as const) : []),
  ];
  const live = options.live ?? options.schedule !== false;
  // Which process queued an event, so that its own notification does not wake it twice.
  const origin = randomUUID();
  let delivery: DeliveryPump | undefined;
  const deps: CoreDeps = {
    store: createStore(database.db, {
      destinations,
      ...(live ? { onCommitted: (kinds) => delivery?.wake(kinds) } : {}),
      ...(live && database.kind === "postgres" ? { notice: { channel: OUTBOX_CHANNEL, origin } } : {}),
      ...(database.kind === "pglite" ? { soleProcess: { logger } } : {}),
    }),
    clock: options.clock ?? { now: () => new Date() },
    access: { admins: adminsFor(config) },
    governance: config.governance,
    logger,
  };

  const app = createHttpApp({ ping: database.ping, databaseKind: database.kind, logger });
  const links = createLinks(config.publicUrl);
  const notifiers: Notifier[] = [];
  const slack = config.slack
    ? (await import("./slack/app.js")).createSlackBot({
        config: config.slack,
        deps,
        links,
        logger,
        http: app,
        governanceChannel: config.governance.glossaryChannel,
      })
    : undefined;
  if (slack) notifiers.push(slack.notifier);
  const teamsOptions = { config: config.teams, deps, links, logger, http: app };
  notifiers.push(config.teams ? (await import("./teams/app.js")).createTeamsBot(teamsOptions).notifier : mountLocalTeams(teamsOptions));
  const consoleNotifier = config.console.enabled ? createConsoleNotifier(logger) : undefined;
  if (consoleNotifier) {
    registerConsole(app, { deps, links, logger, notifier: consoleNotifier, ...(config.console.token ? { token: config.console.token } : {}) });
    notifiers.push(consoleNotifier);
  }
  const pagesOptions = {
    deps,
    links,
    logger,
    catalogue: createCatalogueRepository(database.db),
    ...(config.pages.token ? { token: config.pages.token } : {}),
    ...(config.console.enabled ? { consolePath: "/console" } : {}),
    ...(config.dbt ? { dbt: config.dbt } : {}),
  };
  registerWriteApi(app, pagesOptions);
  if (config.pages.enabled) registerPages(app, pagesOptions);
  finishHttpApp(app, logger);
  const server = await listen(app, config.port, config.host).catch(async (error: unknown) => {
    await database.close().catch(() => {});
    throw new StartError(describeListenFailure(config, error), error);
  });

  await slack?.start().catch(async (error: unknown) => {
    server.close();
    await database.close().catch(() => {});
    throw new StartError(`cannot connect to Slack in Socket Mode with SLACK_APP_TOKEN: ${String(error)}`, error);
  });
  const dispatcher = createDispatcher({ queue: deps.store.outboxQueue, notifiers, clock: deps.clock, logger });
  if (live) delivery = createDeliveryPump({ dispatcher, logger });
  let listening: Listening | undefined;
  if (delivery) {
    const pump = delivery;
    listening = await listenForNotices(database, OUTBOX_CHANNEL, (payload) => {
      const [from, kind] = payload.split(" ");
      if (from !== origin && isOutboxKind(kind)) pump.wake([kind]);
    }).catch((error: unknown) => {
      // Without it this replica still delivers its own commits at once, and others' on the periodic pass.
      logger.warn("cannot listen for other replicas' announcements; they reach this one on the periodic pass", { error });
      return undefined;
    });
    // What was queued before this start (a crash, an outage) goes out now rather than on the first tick.
    pump.wake(["proposal.opened"]);
  }
  const digest: DigestJob = {
    schedule: createSlotSchedule(config.digest.cron, config.digest.timeZone),
    targets: {
      destinations,
      governanceChannels: {
        ...(config.governance.glossaryChannel ? { slack: config.governance.glossaryChannel } : {}),
        // The console is one channel: it gets the whole digest.
        ...(config.console.enabled ? { [CONSOLE_DESTINATION]: CONSOLE_CHANNEL } : {}),
      },
    },
  };
  const periodic = delivery ? delivery.flush : () => dispatcher.dispatchOnce();
  const jobs = options.schedule === false ? undefined : scheduleJobs(deps, periodic, digest, logger);
  logger.info(describeConfig(config));
  const where = config.host === "127.0.0.1" || config.host === "localhost" ? "localhost" : config.host;
  logger.info(
    config.console.enabled
      ? `ready: open the console at http://localhost:${config.port}/console (health: /healthz)`
      : `ready on http://${where}:${config.port} (health: /healthz)`,
  );

  return {
    config,
    database,
    deps,
    server,
    dispatcher,
    delivery,
    digest,
    slack,
    async stop() {
      await jobs?.stop();
      await listening?.stop().catch((error: unknown) => logger.warn("stopping the replicas' listener failed", { error }));
      await delivery?.stop();
      await slack?.stop();
      consoleNotifier?.stop();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await deps.store.requests.flush?.();
      if (!options.database || options.ownsDatabase) await database.close();
    },
  };
}

/**
 * Teams without an app id serves only a local emulator. The Bot Framework SDK takes most of a second to load, so
 * it is loaded when the emulator first calls, or an outbox event first needs it, instead of at every start.
 */
function mountLocalTeams(options: TeamsBotOptions): Notifier {
  const router = express.Router();
  let loading: Promise<TeamsBot> | undefined;
  const load = () =>
    (loading ??= import("./teams/app.js").then((teams) =>
      teams.createTeamsBot({ ...options, http: router as unknown as TeamsBotOptions["http"] }),
    ));
  router.post("/api/messages", (_req, _res, next) => {
    load().then(() => next(), next);
  });
  options.http.use(router);
  options.logger.info(
    "Teams: MICROSOFT_APP_ID is not set, so /api/messages accepts unauthenticated requests from this machine only (for a local emulator)",
  );
  return { destination: "teams", deliver: async (event) => (await load()).notifier.deliver(event) };
}

/** Every outbox kind, so that a notification naming something else is ignored. */
const OUTBOX_KINDS: Readonly<Record<OutboxEvent["kind"], true>> = {
  "proposal.opened": true,
  "proposal.tally": true,
  "proposal.decided": true,
  "proposal.superseded": true,
  "proposal.reminder": true,
  "proposal.withdrawn": true,
  "digest.post": true,
  "import.opened": true,
  "usage.changed": true,
  "import.closed": true,
};

function isOutboxKind(kind: string | undefined): kind is OutboxEvent["kind"] {
  return kind !== undefined && Object.hasOwn(OUTBOX_KINDS, kind);
}

/** A failure to start that a person can fix; its message is one line. */
export class StartError extends Error {
  override readonly name = "StartError";
  constructor(message: string, override readonly cause?: unknown) {
    super(message);
  }
}

/**
 * Who may act as an admin. Without ADMIN_USERS, a Concord with only its local console lets the console's `admin`
 * persona set things up (domains, owners, imports): the console answers this machine only.
 */
function adminsFor(config: Config): ReadonlySet<string> {
  if (config.governance.admins.size > 0 || config.slack || config.teams || !config.console.enabled) {
    return config.governance.admins;
  }
  return new Set([LOCAL_ADMIN]);
}

/** The console persona that administers a local-only Concord when ADMIN_USERS is not set. */
export const LOCAL_ADMIN = "local:admin";

function listen(app: ReturnType<typeof createHttpApp>, port: number, host: string): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = app.listen(port, host);
    server.once("listening", () => resolve(server));
    server.once("error", reject);
  });
}

function describeDatabaseFailure(config: Config, error: unknown): string {
  const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
  if (config.database.url) {
    const { host, pathname } = new URL(config.database.url);
    return `cannot open the PostgreSQL database at ${host}${pathname} named by DATABASE_URL: ${reason}`;
  }
  return `cannot open the embedded database in DATA_DIR (${config.database.dataDir}): ${reason}`;
}

function describeListenFailure(config: Config, error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === "EADDRINUSE") return `PORT ${config.port} is already in use; stop the other program or choose another PORT`;
  if (code === "EACCES") return `PORT ${config.port} needs privileges this process does not have; choose a PORT above 1023`;
  return `cannot listen on PORT ${config.port}: ${error instanceof Error ? error.message : String(error)}`;
}
