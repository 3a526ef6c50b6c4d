import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type Activity, type TurnContext } from "botbuilder";
import express, { type Express } from "express";
import type { TeamsConfig } from "../config.js";
import type { CoreDeps } from "../core/deps.js";
import type { Notifier } from "../core/outbox/dispatcher.js";
import type { Logger } from "../core/ports.js";
import { APOLOGY } from "../views/index.js";
import { withContext } from "../logger.js";
import type { Links } from "../web/links.js";
import { answerUnreadableBodies } from "../web/server.js";
import { activityProblem } from "./activity.js";
import { ConcordTeamsBot } from "./bot.js";
import { createTeamsNotifier } from "./notifier.js";

export interface TeamsBotOptions {
  /** The Microsoft app settings; without them only a local emulator on this machine may talk to the bot. */
  readonly config: TeamsConfig | undefined;
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly logger: Logger;
  readonly http: Express;
}

export interface TeamsBot {
  readonly adapter: CloudAdapter;
  readonly notifier: Notifier;
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** Mounts `POST /api/messages` on the one HTTP app, authenticated whenever an app id is configured. */
export function createTeamsBot(options: TeamsBotOptions): TeamsBot {
  const { config, logger } = options;
  // With an empty app id the authentication accepts any request: the loopback guard below keeps that local.
  const adapter = new ConcordAdapter(
    new ConfigurationBotFrameworkAuthentication(
      config
        ? {
            MicrosoftAppId: config.appId,
            MicrosoftAppPassword: config.appPassword ?? "",
            MicrosoftAppTenantId: config.tenantId ?? "",
            MicrosoftAppType: config.appType,
          }
        : { MicrosoftAppId: "", MicrosoftAppPassword: "" },
    ),
  );
  adapter.onTurnError = async (context: TurnContext, error: unknown) => {
    const turnLogger = withContext(logger, turnIdsOf(context));
    turnLogger.error("a Teams turn failed", { error });
    await context.sendActivity(APOLOGY).catch((sendError: unknown) => turnLogger.warn("could not apologise in Teams", { error: sendError }));
  };

  const bot = new ConcordTeamsBot({ deps: options.deps, links: options.links, logger });
  options.http.post("/api/messages", express.json({ limit: "256kb" }), async (req, res, next) => {
    // Without an app id the adapter checks no token at all, so only this machine (an emulator) may use it.
    if (!config && !LOOPBACK.has(req.socket.remoteAddress ?? "")) {
      res.status(403).json({ error: "forbidden", message: "Set MICROSOFT_APP_ID to accept Teams requests from other machines." });
      return;
    }
    const problem = activityProblem(req.body);
    if (problem) {
      logger.warn("refused a Teams request that is not a Bot Framework activity", { problem });
      res.status(400).json({ error: "bad_request", message: `That is not a Bot Framework activity Concord can read: ${problem}.` });
      return;
    }
    // What CloudAdapter.process does, but with its failures told to Concord's log instead of the console: a token
    // that does not check out is refused (401) with a warning, anything else reaches the app's error handler.
    const authorization = typeof req.headers.authorization === "string" ? req.headers.authorization : "";
    try {
      const invoked = await adapter.processRequest(authorization, withDates(req.body as Activity), (context) => bot.run(context));
      res.status(invoked?.status ?? 200);
      if (invoked?.body !== undefined) res.send(invoked.body);
      res.end();
    } catch (error) {
      if (!isAuthenticationFailure(error)) return next(error);
      logger.warn("refused a Teams request whose token did not check out", { error });
      res.status(401).json({ error: "unauthorized", message: "The request's token could not be verified." });
    }
  });
  options.http.use(
    "/api/messages",
    answerUnreadableBodies({
      tooLarge: "That activity is too large; Teams sends at most 256 kB.",
      unreadable: "That activity could not be read; send it as UTF-8 JSON.",
    }),
  );
  return {
    adapter,
    notifier: createTeamsNotifier({ adapter, appId: config?.appId ?? "", deps: options.deps, links: options.links, logger }),
  };
}

/** The Bot Framework's adapter, with the step after reading a request's body open to Concord's route. */
class ConcordAdapter extends CloudAdapter {
  /** Authenticates one activity and runs a turn for it; the invoke response, for an invoke. */
  processRequest(authorization: string, activity: Activity, logic: (context: TurnContext) => Promise<void>) {
    return this.processActivity(authorization, activity, logic);
  }
}

/** The Bot Framework's refusal of a request's token (botframework-connector's AuthenticationError). */
function isAuthenticationFailure(error: unknown): boolean {
  const status = (error as { statusCode?: unknown } | null)?.statusCode;
  return error instanceof Error && error.constructor.name === "AuthenticationError" && (status === 401 || status === 403);
}

/** An activity's timestamps as dates, as the Bot Framework's own request handling reads them. */
function withDates(activity: Activity): Activity {
  const raw = activity as unknown as Record<string, unknown>;
  for (const [field, rawField] of [
    ["timestamp", "rawTimestamp"],
    ["expiration", "rawExpiration"],
    ["localTimestamp", "rawLocalTimestamp"],
  ] as const) {
    if (typeof raw[field] === "string") {
      raw[rawField] = raw[field];
      raw[field] = new Date(raw[field]);
    }
  }
  return activity;
}

/** The tenant, user and conversation a Teams turn belongs to, for its log lines. */
function turnIdsOf(context: TurnContext): Record<string, string | undefined> {
  const { conversation, from } = context.activity;
  return { tenant: conversation?.tenantId, user: from?.aadObjectId ?? from?.id, conversation: conversation?.id };
}
