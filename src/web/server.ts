import express, { type Express } from "express";
import type { Logger } from "../core/ports.js";
import { APOLOGY } from "../views/help.js";

/** The answer to an address that cannot be decoded. */
const MALFORMED_ADDRESS = "That address is malformed: its %-escapes do not spell text (a space is %20, a % itself %25).";

/** How long /healthz waits for the database before answering 503. */
const HEALTH_TIMEOUT_MS = 2_000;

export interface HttpAppOptions {
  /** Resolves when the database answers. */
  readonly ping: () => Promise<void>;
  readonly databaseKind: "pglite" | "postgres";
  readonly logger: Logger;
}

/** The one HTTP app every route of Concord hangs on (health now; Slack, Teams and the console join it). */
export function createHttpApp(options: HttpAppOptions): Express {
  const app = express();
  app.disable("x-powered-by");
  // An address whose percent-escapes cannot be decoded (`/api/terms/%ZZ`) names nothing: refused here, before any
  // route, guard or token check, instead of failing later as the router decodes it.
  app.use((req, res, next) => {
    try {
      decodeURIComponent(req.path);
    } catch {
      res.status(400).json({ error: "bad_request", message: MALFORMED_ADDRESS });
      return;
    }
    next();
  });

  app.get("/healthz", async (_req, res) => {
    try {
      await withTimeout(options.ping(), HEALTH_TIMEOUT_MS);
      res.status(200).json({ status: "ok", database: options.databaseKind });
    } catch (error) {
      options.logger.warn("health check failed: the database did not answer", { error });
      res.status(503).json({ status: "unavailable", database: options.databaseKind });
    }
  });

  return app;
}

/**
 * A body express.json could not read (malformed, too large, an unknown charset) is the sender's mistake: answers
 * it politely on the route that parsed it, rather than let it reach the app's error handler as a 500.
 */
export function answerUnreadableBodies(messages: { tooLarge: string; unreadable: string }): express.ErrorRequestHandler {
  return (error: unknown, _req, res, next) => {
    const { type, status, code } = (error ?? {}) as { type?: unknown; status?: unknown; code?: unknown };
    if (typeof code === "string" && code.startsWith("Z_") && status === 400) {
      // zlib could not inflate it: the body is not compressed the way its Content-Encoding header says.
      res.status(400).json({ error: "bad_request", message: "That request body is not compressed the way its Content-Encoding header says." });
    } else if (type === "entity.parse.failed") {
      res.status(400).json({ error: "bad_request", message: "That request is not valid JSON." });
    } else if (type === "entity.too.large") {
      res.status(413).json({ error: "too_large", message: messages.tooLarge });
    } else if (typeof type === "string" && typeof status === "number" && status >= 400 && status < 500) {
      res.status(status).json({ error: "bad_request", message: messages.unreadable });
    } else {
      next(error);
    }
  };
}

/** Appends the last handlers: a plain 404 and an error handler that logs and never leaks a stack trace. */
export function finishHttpApp(app: Express, logger: Logger): void {
  app.use((_req, res) => {
    res.status(404).json({ error: "not_found", message: "There is nothing at this address." });
  });
  app.use((error: unknown, req: express.Request, res: express.Response, _next: express.NextFunction) => {
    // A 4xx from express or its body parsers (a request it could not read) is the sender's mistake, not a failure.
    const status = (error as { status?: unknown } | null)?.status;
    if (typeof status === "number" && status >= 400 && status < 500 && !res.headersSent) {
      logger.warn("refused a request express could not read", { method: req.method, status, error });
      res.status(status).json({ error: "bad_request", message: "That request could not be read." });
      return;
    }
    logger.error("request failed", { method: req.method, path: req.path, error });
    if (res.headersSent) return;
    res.status(500).json({ error: "internal_error", message: APOLOGY });
  });
}

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
