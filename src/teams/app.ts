import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type TurnContext } from "botbuilder";
import express, { type Express } from "express";
import type { TeamsConfig } from "../config.js";
import type { CoreDeps } from "../core/deps.js";
import type { Notifier } from "../core/outbox/dispatcher.js";
import type { Logger } from "../core/ports.js";
import { APOLOGY } from "../views/index.js";
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
  const adapter = new CloudAdapter(
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
    logger.error("a Teams turn failed", { error });
    await context.sendActivity(APOLOGY).catch((sendError: unknown) => logger.warn("could not apologise in Teams", { error: sendError }));
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
    try {
      await adapter.process(req, res, (context) => bot.run(context));
    } catch (error) {
      next(error);
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
