import { App, ExpressReceiver, LogLevel, type Logger as BoltLogger } from "@slack/bolt";
import type { Express } from "express";
import type { SlackConfig } from "../config.js";
import type { CoreDeps } from "../core/deps.js";
import type { Notifier } from "../core/outbox/dispatcher.js";
import type { Logger } from "../core/ports.js";
import type { Links } from "../web/links.js";
import type { SlackContext } from "./context.js";
import { registerListeners } from "./listeners/index.js";
import { createSlackNotifier } from "./notifier.js";

export interface SlackBotOptions {
  readonly config: SlackConfig;
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly logger: Logger;
  /** The one HTTP app; in HTTP mode `POST /slack/events` is mounted on it. */
  readonly http: Express;
  readonly governanceChannel: string | undefined;
  /** Retries of a failed Web API call inside one delivery; the outbox retries beyond that. */
  readonly apiRetries?: number;
}

export interface SlackBot {
  readonly app: App;
  readonly notifier: Notifier;
  /** Connects Socket Mode (HTTP mode needs nothing: the route is already mounted). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** Builds the Bolt app on Concord's HTTP server (or Socket Mode), its listeners and its outbox notifier. */
export function createSlackBot(options: SlackBotOptions): SlackBot {
  const { config, logger } = options;
  const boltLogger = toBoltLogger(logger);
  const clientOptions = {
    slackApiUrl: config.apiUrl,
    retryConfig: { retries: options.apiRetries ?? 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  };
  let app: App;
  if (config.mode === "socket") {
    app = new App({ token: config.botToken, appToken: config.appToken!, socketMode: true, logger: boltLogger, clientOptions });
  } else {
    const receiver = new ExpressReceiver({
      signingSecret: config.signingSecret!,
      endpoints: "/slack/events",
      processBeforeResponse: false,
      app: options.http,
      logger: boltLogger,
    });
    app = new App({ token: config.botToken, receiver, logger: boltLogger, clientOptions });
  }

  // Slack redelivers an event it thinks was missed; the first delivery already did the work.
  app.use(async (args) => {
    const { context, next, logger: requestLogger } = args;
    if (context.retryNum !== undefined) {
      requestLogger.debug(`dropped a Slack retry (#${context.retryNum}, ${context.retryReason ?? "no reason"})`);
      // Events are acknowledged by Bolt already; anything else still needs its ack.
      const ack = (args as { ack?: () => Promise<void> }).ack;
      if (ack) await ack();
      return;
    }
    await next();
  });

  const ctx: SlackContext = { deps: options.deps, links: options.links, logger };
  registerListeners(app, ctx);
  app.error(async (error) => {
    logger.error("a Slack request failed", { error: error.original ?? error });
  });

  return {
    app,
    notifier: createSlackNotifier({
      client: app.client,
      deps: options.deps,
      links: options.links,
      logger,
      governanceChannel: options.governanceChannel,
    }),
    async start() {
      if (config.mode === "socket") await app.start();
    },
    async stop() {
      if (config.mode === "socket") await app.stop();
    },
  };
}

function toBoltLogger(logger: Logger): BoltLogger {
  let level = LogLevel.INFO;
  return {
    debug: (...msg) => logger.debug(msg.map(String).join(" ")),
    info: (...msg) => logger.info(msg.map(String).join(" ")),
    warn: (...msg) => logger.warn(msg.map(String).join(" ")),
    error: (...msg) => logger.error(msg.map(String).join(" ")),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    setName: () => {},
  };
}
