import { pino, type DestinationStream, type Logger as PinoLogger } from "pino";
import type { Logger } from "./core/ports.js";

export type LogLevel = "debug" | "info" | "warn" | "error";

/**
 * Concord's one logger: pino, writing one JSON object per event (`level`, `time`, `msg`, the fields, and the
 * bindings of the child it was logged through) to stdout, and warnings and errors to stderr, unless a destination
 * is given (tests pass a stream to read the lines back). An error given as `error` (or `err`) is written by pino's
 * error serializer: its type, message, stack, own fields and `cause`, nested.
 */
export function createLogger(level: LogLevel, destination?: DestinationStream): Logger {
  const stream =
    destination ??
    pino.multistream(
      [
        { level: "debug", stream: pino.destination({ fd: 1, sync: true }) },
        { level: "warn", stream: pino.destination({ fd: 2, sync: true }) },
      ],
      { dedupe: true },
    );
  return wrap(
    pino(
      {
        level,
        base: undefined,
        timestamp: pino.stdTimeFunctions.isoTime,
        serializers: { err: pino.stdSerializers.errWithCause },
        formatters: { level: (label) => ({ level: label }) },
      },
      stream,
    ),
  );
}

/** Concord's logger port over a pino logger. */
function wrap(logger: PinoLogger): Logger {
  const at =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void => {
      if (fields === undefined) logger[level](message);
      else logger[level](withErrKey(fields), message);
    };
  return {
    debug: at("debug"),
    info: at("info"),
    warn: at("warn"),
    error: at("error"),
    child: (bindings) => wrap(logger.child(withErrKey(bindings))),
  };
}

/** Fields with an `error` renamed `err`, the key pino serializes errors under (stack, cause and all). */
function withErrKey(fields: Record<string, unknown>): Record<string, unknown> {
  if (!("error" in fields)) return fields;
  const { error, ...rest } = fields;
  return error === undefined ? rest : { ...rest, err: error };
}

/**
 * A logger whose every line carries `bindings` (a team, user, proposal or delivery id): the logger's own child,
 * or, for a logger without children (a test's), one that adds them to each line's fields.
 */
export function withContext(logger: Logger, bindings: Record<string, unknown>): Logger {
  const known = Object.fromEntries(Object.entries(bindings).filter(([, value]) => value !== undefined && value !== ""));
  if (Object.keys(known).length === 0) return logger;
  if (logger.child) return logger.child(known);
  const at =
    (level: LogLevel) =>
    (message: string, fields?: Record<string, unknown>): void =>
      logger[level](message, { ...known, ...fields });
  return { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error"), child: (more) => withContext(logger, { ...known, ...more }) };
}
