import { createHash, timingSafeEqual } from "node:crypto";
import express, { type Express, type NextFunction, type Request, type Response } from "express";
import { z } from "zod";
import { firstProblem, parseSubmission, runAction } from "../../commands/actions.js";
import { runCommandText, type Reply } from "../../commands/execute.js";
import { formatCount } from "../../commands/text.js";
import { COMMAND_TEXT_MAX_LENGTH } from "../../commands/intents.js";
import type { CoreDeps } from "../../core/deps.js";
import { listDomains, type Notifier } from "../../core/index.js";
import type { Logger } from "../../core/ports.js";
import { replyView, shareable } from "../../views/index.js";
import type { Links } from "../links.js";
import { projectPath } from "../../paths.js";
import { answerUnreadableBodies } from "../server.js";
import { buildFeed, type FeedMessage } from "./feed.js";
import { SHOWN_TO, toConsoleHtml } from "./render.js";

/** The outbox destination (and platform) of the console. */
export const CONSOLE_DESTINATION = "local";
/** The console's one channel: commands typed there (`domain channel`) and digests name it. */
export const CONSOLE_CHANNEL = "console";
const TOKEN_COOKIE = "concord_console";
const ASSETS = `${projectPath("src/web/console/assets")}/`;

export interface ConsoleOptions {
  readonly deps: CoreDeps;
  readonly links: Links;
  readonly logger: Logger;
  /** Required on every request when set (the console beside a chat platform). */
  readonly token?: string;
  /** Tells open pages when the channel has something new, so they fetch it at once. */
  readonly notifier: ConsoleNotifier;
}

/** The console's side of the outbox, which open pages can follow. */
export interface ConsoleNotifier extends Notifier {
  /** Calls `listener` each time a delivery to the console is recorded; returns how to stop. */
  follow(listener: { readonly changed: () => void; readonly end: () => void }): () => void;
  /** Tells following pages that the channel has something new besides deliveries (a shared lookup). */
  changed(): void;
  /** Ends every follower's stream, so that the server can close. */
  stop(): void;
}

/** A persona's name: the `<name>` of `local:<name>`. */
const personaSchema = z
  .string({ error: "Say which persona acts: a name such as sally." })
  .trim()
  .toLowerCase()
  .regex(/^[a-z0-9][a-z0-9._-]{0,31}$/, "A persona's name is 1 to 32 letters, digits, dots, dashes or underscores.");

const commandSchema = z.object(
  {
    persona: personaSchema,
    // No length limit here: the command parser says how long a command may be, as it does in Slack and Teams.
    text: z.string({ error: "Type a command to run, such as help." }),
  },
  { error: "Send the persona and the command's text as a JSON object." },
);
const actionSchema = z.object(
  {
    persona: personaSchema,
    data: z.record(z.string(), z.unknown(), { error: "That button sent nothing Concord can read; please run the command again." }),
  },
  { error: "Send the persona and the button's data as a JSON object." },
);

/**
 * The console's side of the outbox: nothing to send, since the console replays what was delivered to it; once a
 * delivery is recorded, the pages following the channel are told to fetch it.
 */
export function createConsoleNotifier(logger: Logger): ConsoleNotifier {
  const listeners = new Set<{ readonly changed: () => void; readonly end: () => void }>();
  return {
    destination: CONSOLE_DESTINATION,
    async deliver(event) {
      logger.debug("console received an outbox event", { kind: event.kind });
    },
    delivered() {
      for (const listener of listeners) listener.changed();
    },
    changed() {
      for (const listener of listeners) listener.changed();
    },
    follow(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      for (const listener of [...listeners]) listener.end();
      listeners.clear();
    },
  };
}

/** How many shared messages the channel keeps: as many as it shows. */
const SHARED_KEPT = 30;
/** How often a followed channel's stream says it is alive, so proxies and browsers keep it open. */
const HEARTBEAT_MS = 25_000;

/**
 * The local console: act as any member (`local:<name>`), type any command, click any button, and watch the shared
 * channel where proposals, votes, decisions and digests appear. Answers only requests from this machine.
 */
export function registerConsole(app: Express, options: ConsoleOptions): void {
  const { deps, links, logger } = options;
  // What personas shared in the channel. Like a message a chat platform keeps, it is not Concord's state: it lives
  // as long as the console's process.
  const shared: FeedMessage[] = [];
  let sharedCount = 0;
  const router = express.Router();
  router.use(onlyFromThisMachine(logger));
  if (options.token) router.use(requireToken(options.token));
  router.use((_req, res, next) => {
    res.set({
      "Content-Security-Policy":
        "default-src 'none'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "same-origin",
    });
    next();
  });

  router.get("/", (_req, res) => res.sendFile("index.html", { root: ASSETS }));
  router.get("/console.js", (_req, res) => res.type("text/javascript").sendFile("console.js", { root: ASSETS }));
  router.get("/console.css", (_req, res) => res.type("text/css").sendFile("console.css", { root: ASSETS }));

  const api = express.Router();
  api.use(express.json({ limit: "64kb" }));
  api.use(sameOriginJson);

  api.get("/personas", async (_req, res) => {
    const domains = await listDomains(deps);
    const personas = new Map<string, { name: string; admin: boolean; owns: string[] }>();
    const add = (ref: string) => {
      if (!ref.startsWith("local:")) return undefined;
      const name = ref.slice("local:".length);
      const persona = personas.get(name) ?? { name, admin: deps.access.admins.has(ref), owns: [] };
      personas.set(name, persona);
      return persona;
    };
    for (const ref of deps.access.admins) add(ref);
    for (const domain of domains) {
      for (const owner of domain.owners) for (const ref of owner.refs) add(ref)?.owns.push(domain.slug);
    }
    res.json({ personas: [...personas.values()].sort((a, b) => a.name.localeCompare(b.name)) });
  });

  api.post("/command", async (req, res) => {
    const input = commandSchema.safeParse(req.body);
    if (!input.success) return badInput(res, input.error);
    const actor = { ref: `local:${input.data.persona}`, displayName: input.data.persona };
    // A command's reply goes to the persona's own view, not the channel's feed.
    const reply = await runCommandText(deps, { actor, platform: "local", channelId: CONSOLE_CHANNEL, repliesPrivately: true }, input.data.text);
    res.json({ messages: [render(reply, { shownTo: input.data.persona })] });
  });

  api.post("/action", async (req, res) => {
    const input = actionSchema.safeParse(req.body);
    if (!input.success) return badInput(res, input.error);
    const { persona } = input.data;
    const action = parseSubmission(input.data.data);
    if (!action) {
      res.json({ messages: [{ text: "That card is out of date or was changed; please run the command again." }] });
      return;
    }
    // A reply's buttons are for the persona it answered: acting as someone else, they would act in that one's name.
    const shownTo = input.data.data[SHOWN_TO];
    if (typeof shownTo === "string" && shownTo !== persona) {
      res.json({
        messages: [
          { text: `That button was on a reply to ${shownTo}, and you are acting as ${persona}. Switch back to ${shownTo} to use it, or run the command again as ${persona}.` },
        ],
      });
      return;
    }
    const actor = { ref: `local:${persona}`, displayName: persona };
    const result = await runAction(deps, actor, action, { voterName: persona });
    if (result.kind === "reply" && result.shared) {
      share(render(result.reply, { shared: true }).html, persona);
      res.json({ messages: [{ text: "Shared in # glossary, for everyone in the channel to see." }] });
    } else if (result.kind === "reply") res.json({ messages: [render(result.reply, { shownTo: persona })] });
    else res.json({ messages: [{ text: result.kind === "text" ? result.text : result.kind === "refused" ? result.message : firstProblem(result.errors) }] });
  });

  api.get("/feed", async (req, res) => {
    const persona = personaSchema.safeParse(req.query.persona ?? "");
    const feed = await buildFeed(deps, links, CONSOLE_DESTINATION, persona.success ? `local:${persona.data}` : undefined, shared);
    res.json(feed);
  });

  // Server-sent events: one `feed` event each time the channel has something new to fetch.
  api.get("/events", (req, res) => {
    res.set({ "Content-Type": "text/event-stream", "Cache-Control": "no-store", Connection: "keep-alive" });
    res.flushHeaders();
    res.write("retry: 2000\n\n");
    const heartbeat = setInterval(() => res.write(": alive\n\n"), HEARTBEAT_MS);
    const unfollow = options.notifier.follow({
      changed: () => res.write("event: feed\ndata: {}\n\n"),
      end: () => res.end(),
    });
    req.on("close", () => {
      clearInterval(heartbeat);
      unfollow();
    });
  });

  api.use((_req, res) => {
    res.status(404).json({ error: "not_found", message: "The console has no such endpoint." });
  });
  api.use(
    answerUnreadableBodies({
      tooLarge: `That request is too large; a command is at most ${formatCount(COMMAND_TEXT_MAX_LENGTH)} characters.`,
      unreadable: "The console could not read that request; send it as UTF-8 JSON.",
    }),
  );

  router.use("/api", api);
  app.use("/console", router);

  /**
   * A reply as the console shows it: the view's markup, its buttons for the persona it answers, or without buttons
   * when it is shared in the channel.
   */
  function render(reply: Reply, options: { shownTo?: string; shared?: boolean }): { html: string } {
    const view = replyView(reply, { links, now: deps.clock.now() });
    if (options.shared && view.kind === "message") return { html: toConsoleHtml(shareable(view)) };
    return { html: toConsoleHtml(view, options.shownTo === undefined ? {} : { shownTo: options.shownTo }) };
  }

  /** Posts a message in the channel as `persona` shared it, keeping the channel's latest; open pages fetch it at once. */
  function share(html: string, persona: string): void {
    const at = deps.clock.now().toISOString();
    sharedCount += 1;
    shared.push({ id: `shared-${sharedCount}`, at, html, thread: [], sharedBy: persona });
    if (shared.length > SHARED_KEPT) shared.splice(0, shared.length - SHARED_KEPT);
    options.notifier.changed();
  }
}

function badInput(res: Response, error: z.ZodError): void {
  res.status(400).json({ error: "bad_request", message: error.issues[0]?.message ?? "That request is not valid." });
}

const LOOPBACK = new Set(["127.0.0.1", "::1", "::ffff:127.0.0.1"]);

/** The console acts as any member: it answers this machine only, whatever address the server listens on. */
function onlyFromThisMachine(logger: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    if (LOOPBACK.has(req.socket.remoteAddress ?? "")) return next();
    logger.warn("refused a console request from another machine", { address: req.socket.remoteAddress });
    res.status(403).type("text/plain").send("The Concord console answers only on this machine (127.0.0.1).");
  };
}

/** The token as a header, a cookie, or once as `?token=` (which sets the cookie). */
function requireToken(token: string) {
  const expected = digest(token);
  return (req: Request, res: Response, next: NextFunction) => {
    const given =
      req.get("x-concord-console-token") ?? cookie(req, TOKEN_COOKIE) ?? (typeof req.query.token === "string" ? req.query.token : undefined);
    if (given !== undefined && timingSafeEqual(digest(given), expected)) {
      if (typeof req.query.token === "string") {
        res.cookie(TOKEN_COOKIE, given, { httpOnly: true, sameSite: "strict", path: "/console" });
      }
      return next();
    }
    res.status(401).type("text/plain").send("The Concord console needs its token: open /console?token=<CONSOLE_TOKEN>.");
  };
}

/** Writes come as JSON from the console's own page: a form or script on another site cannot send them. */
function sameOriginJson(req: Request, res: Response, next: NextFunction) {
  if (req.method === "GET") return next();
  const origin = req.get("origin");
  if (!req.is("application/json") || (origin !== undefined && hostOf(origin) !== req.get("host"))) {
    res.status(403).json({ error: "forbidden", message: "The console takes JSON from its own page only." });
    return;
  }
  next();
}

function hostOf(origin: string): string | undefined {
  try {
    return new URL(origin).host;
  } catch {
    return undefined;
  }
}

function digest(value: string): Buffer {
  return createHash("sha256").update(value).digest();
}

function cookie(req: Request, name: string): string | undefined {
  for (const part of (req.get("cookie") ?? "").split(";")) {
    const [key, ...value] = part.trim().split("=");
    if (key === name) return decodeURIComponent(value.join("="));
  }
  return undefined;
}
