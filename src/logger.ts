import type { Logger } from "./core/ports.js";

export type LogLevel = "debug" | "info" | "warn" | "error";
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/** Renders a field value so one event stays on one line. */
function formatValue(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.stack ?? value.message);
  if (typeof value === "string") return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  return JSON.stringify(value) ?? String(value);
}

/** A logger writing one line per event (`time level message key=value…`) to stdout, or stderr for warnings and errors. */
export function createLogger(
  level: LogLevel,
  write: (line: string, level: LogLevel) => void = (line, lineLevel) =>
    (ORDER[lineLevel] >= ORDER.warn ? process.stderr : process.stdout).write(`${line}\n`),
): Logger {
  const log = (lineLevel: LogLevel) => (message: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lineLevel] < ORDER[level]) return;
    const extras = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => ` ${key}=${formatValue(value)}`)
      .join("");
    write(`${new Date().toISOString()} ${lineLevel} ${message}${extras}`, lineLevel);
  };
  return { debug: log("debug"), info: log("info"), warn: log("warn"), error: log("error") };
}
