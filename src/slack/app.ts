import {
  App,
  ExpressReceiver,
  HTTPModuleFunctions,
  LogLevel,
  SocketModeReceiver,
  type Authorize,
  type CodedError,
  type Logger as BoltLogger,
  type ReceiverProcessEventErrorHandlerArgs,
} from "@slack/bolt";
import { WebClient } from "@slack/web-api";
import type { Express } from "express";
import type { SlackConfig } from "../config.js";
import type { CoreDeps } from "../core/deps.js";
import type { Notifier } from "../core/outbox/dispatcher.js";
import type { Logger } from "../core/ports.js";
import { withContext } from "../logger.js";
import type { Links } from "../web/links.js";
import { decodeAction } from "./blocks/actions.js";
import { parseModalMetadata } from "./blocks/modal.js";
import type { SlackContext } from "./context.js";
import { registerListeners } from "./listeners/index.js";
import { createSlackNames } from "./names.js";
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
  /** The Web API client the outbox posts with. */
  readonly client: WebClient;
  readonly notifier: Notifier;
  /** Connects Socket Mode (HTTP mode needs nothing: the route is already mounted). */
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** How far a request's timestamp may be from this server's clock, as Slack's signing rules allow. */
const MAX_CLOCK_SKEW_SECONDS = 5 * 60;
/** The longest the replay check may hold a request's acknowledgement, out of Slack's three seconds. */
const REPLAY_CHECK_MS = 1_000;

/** Builds the Bolt app on Concord's HTTP server (or Socket Mode), its listeners and its outbox notifier. */
export function createSlackBot(options: SlackBotOptions): SlackBot {
  const { config, logger } = options;
  const boltLogger = toBoltLogger(logger, "slack-bolt");
  const apiLogger = toBoltLogger(logger, "slack-web-api");
  const clientOptions = {
    slackApiUrl: config.apiUrl,
    // A call that never answers must fail, so the outbox retries it instead of waiting forever.
    timeout: 15_000,
    retryConfig: { retries: options.apiRetries ?? 3, factor: 2, minTimeout: 500, maxTimeout: 5_000 },
  };
  // One client for what Concord sends on its own (the outbox); Bolt makes one per request from `authorize`.
  const client = new WebClient(config.botToken, { ...clientOptions, logger: apiLogger });
  // Asked inside Slack's 3-second acknowledgement window: one quick try, and the next request tries again.
  const identityClient = new WebClient(config.botToken, { ...clientOptions, logger: apiLogger, retryConfig: { retries: 0 }, timeout: 2_000 });
  const authorize = authorizeOnce(identityClient, config.botToken, logger);
  let app: App;
  if (config.mode === "socket") {
    const receiver = new SocketModeReceiver({
      appToken: config.appToken!,
      logger: boltLogger,
      installerOptions: { clientOptions },
      customPropertiesExtractor: (delivery: { envelope_id?: unknown }) => replayKeyOf("envelope", delivery.envelope_id),
    });
    app = new App({ authorize, receiver, logger: boltLogger, clientOptions, extendedErrorHandler: true, convoStore: false });
  } else {
    // Bolt refuses a timestamp over five minutes old but not one from the future, which a replay could carry:
    // Slack's rule is five minutes either way. Mounted before Bolt's route; the body is left for Bolt to verify.
    options.http.post("/slack/events", (req, res, next) => {
      const stamp = Number(req.headers["x-slack-request-timestamp"]);
      if (Number.isFinite(stamp) && stamp - Date.now() / 1000 > MAX_CLOCK_SKEW_SECONDS) {
        logger.warn("refused a Slack request stamped in the future", { aheadSeconds: Math.round(stamp - Date.now() / 1000) });
        res.status(401).json({ error: "unauthorized", message: "The request's timestamp is too far from this server's clock." });
        return;
      }
      next();
    });
    const receiver = new ExpressReceiver({
      signingSecret: config.signingSecret!,
      endpoints: "/slack/events",
      processBeforeResponse: false,
      app: options.http,
      logger: boltLogger,
      processEventErrorHandler: refuseUnusablePayloads(logger),
      customPropertiesExtractor: (request) => replayKeyOf("signature", request.headers["x-slack-signature"]),
    });
    app = new App({ authorize, receiver, logger: boltLogger, clientOptions, extendedErrorHandler: true, convoStore: false });
  }

  // With the database out of reach (or too slow to answer inside Slack's 3-second window) the request goes on, to
  // be answered politely by what it needs the database for: refused here, the person would get no answer, and
  // Slack's retry of it would be dropped as a retry.
  const isFirstDelivery = async (key: string): Promise<boolean> => {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), REPLAY_CHECK_MS);
    });
    try {
      const first = await Promise.race([options.deps.store.requests.recordFirst(key, options.deps.clock.now()), late]);
      if (first !== "late") return first;
      logger.warn(`the replay check took over ${REPLAY_CHECK_MS} ms; the Slack request is handled as a first delivery`);
      return true;
    } catch (error) {
      logger.warn("cannot check a Slack request against replays; it is handled as a first delivery", { error });
      return true;
    } finally {
      clearTimeout(timer);
    }
  };

  // Slack redelivers an event it thinks was missed; the first delivery already did the work. Over HTTP a retry
  // carries X-Slack-Retry-Num (1 and up); over Socket Mode every Events API envelope carries retry_attempt, 0 on
  // the first delivery. A request seen before (the same signature, or envelope id, on any replica) is a replay.
  app.use(async (args) => {
    const { context, next, logger: requestLogger } = args;
    // Events are acknowledged by Bolt already; anything else still needs its ack.
    const ack = (args as { ack?: () => Promise<void> }).ack;
    if ((context.retryNum ?? 0) > 0) {
      requestLogger.debug(`dropped a Slack retry (#${context.retryNum}, ${context.retryReason ?? "no reason"})`);
      if (ack) await ack();
      return;
    }
    const key = context[REPLAY_KEY];
    if (typeof key === "string" && !(await isFirstDelivery(key))) {
      logger.info("ignored a replayed Slack request", { key: key.slice(0, 24) });
      if (ack) await ack();
      return;
    }
    await next();
  });

  // A user's name is asked for in the acknowledgement window of a form's submission too: one quick try, unnamed on failure.
  const names = createSlackNames({ client: identityClient, deps: options.deps, logger });
  const ctx: SlackContext = { deps: options.deps, links: options.links, logger, names, governanceChannel: options.governanceChannel };
  registerListeners(app, ctx);
  app.error(async ({ error, body }: { error: CodedError; body: unknown }) => {
    withContext(logger, slackIdsOf(body)).error("a Slack request failed", { error: error.original ?? error });
  });

  return {
    app,
    client,
    notifier: createSlackNotifier({
      client,
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

/** The context property carrying what identifies one delivery of a request, for replay protection. */
const REPLAY_KEY = "concordReplayKey";

/** The custom context property naming one delivery, or none when the receiver saw nothing to name it by. */
function replayKeyOf(kind: "signature" | "envelope", value: unknown): Record<string, string> {
  return typeof value === "string" && value !== "" ? { [REPLAY_KEY]: `${kind}:${value}` } : {};
}

/**
 * The bot's identity for every request, from one `auth.test` made when the first request needs it and kept once
 * it succeeds. Bolt's own check runs at construction, where an unreachable Web API becomes an unhandled
 * rejection that stops the process; here a failure fails only that request, and the next one asks again.
 */
function authorizeOnce(client: WebClient, botToken: string, logger: Logger): Authorize<boolean> {
  let identity: Promise<{ botUserId: string; botId: string }> | undefined;
  return async () => {
    identity ??= client.auth.test().then(
      (result) => ({ botUserId: result.user_id ?? "", botId: result.bot_id ?? "" }),
      (error: unknown) => {
        identity = undefined;
        logger.warn("Slack's auth.test failed; the next request will try again", { error });
        throw error;
      },
    );
    return { botToken, ...(await identity) };
  };
}

/**
 * Bolt's and the Web API client's logs, through Concord's logger at the level they were logged at: the words
 * are the message, an error keeps its stack and cause, other objects are kept whole as `details`, and every line
 * names the component (`slack-bolt`, or `slack-web-api` for the clients Concord posts with).
 */
function toBoltLogger(logger: Logger, component: string): BoltLogger {
  let level = LogLevel.DEBUG;
  const named = withContext(logger, { component });
  const at = (method: "debug" | "info" | "warn" | "error") => (...args: unknown[]) => {
    const { message, fields } = boltLine(args);
    named[method](message, fields);
  };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    setLevel: (next) => {
      level = next;
    },
    getLevel: () => level,
    // Bolt names the one logger it is given after each client it makes: the last name would label every line.
    setName: () => {},
  };
}

/** One Bolt log call's arguments as a message and fields. */
export function boltLine(args: readonly unknown[]): { message: string; fields: Record<string, unknown> } {
  const words: string[] = [];
  const errors: unknown[] = [];
  const details: unknown[] = [];
  for (const arg of args) {
    if (arg instanceof Error) errors.push(arg);
    else if (typeof arg === "object" && arg !== null) details.push(arg);
    else words.push(String(arg));
  }
  const first = errors[0] as Error | undefined;
  return {
    message: words.join(" ") || first?.message || "(Bolt logged no message)",
    fields: {
      ...(first ? { error: first } : {}),
      ...(errors.length > 1 ? { errors: errors.slice(1) } : {}),
      ...(details.length === 1 ? { details: details[0] } : details.length > 1 ? { details } : {}),
    },
  };
}

/**
 * The team and user a Slack request came from, as far as its body says (commands, interactions, events), and the
 * proposal a vote button or an objection's form is about.
 */
export function slackIdsOf(body: unknown): { team?: string; user?: string; proposal?: number } {
  const fields = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
  const nested = (value: unknown, key: string): unknown =>
    typeof value === "object" && value !== null ? (value as Record<string, unknown>)[key] : undefined;
  const text = (...candidates: unknown[]) => candidates.find((c): c is string => typeof c === "string" && c !== "");
  const team = text(fields.team_id, nested(fields.team, "id"), nested(fields.user, "team_id"), nested(fields.event, "team"));
  const user = text(fields.user_id, nested(fields.user, "id"), nested(fields.event, "user"));
  const proposal = proposalOf(fields);
  return { ...(team ? { team } : {}), ...(user ? { user } : {}), ...(proposal ? { proposal } : {}) };
}

function proposalOf(fields: Record<string, unknown>): number | undefined {
  const [clicked] = Array.isArray(fields.actions) ? (fields.actions as { action_id?: unknown; value?: unknown }[]) : [];
  const metadata = (fields.view as { private_metadata?: unknown } | undefined)?.private_metadata;
  const action =
    typeof clicked?.action_id === "string"
      ? decodeAction(clicked.action_id, typeof clicked.value === "string" ? clicked.value : undefined)
      : typeof metadata === "string"
        ? parseModalMetadata(metadata)?.action
        : undefined;
  return action?.concord === "vote" ? action.proposalId : undefined;
}

/** Interactions Slack sends about a person's click or form: each names that person. */
const INTERACTIONS_WITH_A_USER = new Set([
  "block_actions",
  "block_suggestion",
  "view_submission",
  "view_closed",
  "shortcut",
  "message_action",
  "interactive_message",
]);

/**
 * Why a signed body cannot be a Slack request Concord acts on, or undefined when it can. Slack never sends these;
 * a sender holding the signing secret with a broken client might.
 */
function unusablePayload(body: unknown): string | undefined {
  if (typeof body !== "object" || body === null || Array.isArray(body)) return "the payload is not an object";
  const fields = body as Record<string, unknown>;
  const user = fields.user as { id?: unknown } | undefined;
  if (typeof fields.type === "string" && INTERACTIONS_WITH_A_USER.has(fields.type) && typeof user?.id !== "string") {
    return `a ${fields.type} payload names no user`;
  }
  if (typeof fields.command === "string" && typeof fields.user_id !== "string") return "a command names no user";
  if ((fields.type === "view_submission" || fields.type === "view_closed") && (typeof fields.view !== "object" || fields.view === null)) {
    return `a ${fields.type} payload has no view`;
  }
  return undefined;
}

/**
 * Bolt answers 500 when a signed body is not a payload it can read (JSON null, an interaction without a user):
 * the sender's mistake, so a 400 and a warning instead. Every other failure keeps Bolt's answer and is logged.
 */
function refuseUnusablePayloads(logger: Logger) {
  return async (args: ReceiverProcessEventErrorHandlerArgs): Promise<boolean> => {
    const why = unusablePayload((args.request as { body?: unknown }).body);
    if (why === undefined || args.response.headersSent) return HTTPModuleFunctions.defaultProcessEventErrorHandler(args);
    logger.warn("refused a signed Slack request that is not a usable payload", { why });
    args.response.writeHead(400, { "content-type": "application/json" });
    args.response.end(JSON.stringify({ error: "bad_request", message: `That is not a Slack payload Concord can read: ${why}.` }));
    return true;
  };
}
