/**
 * The one logging port: a level, a stable event name and structured fields. Every part that
 * logs — the server, the adapters' transports, the Action and the CLI — takes a `Logger`;
 * how a line is written (JSON lines, the Actions log, stderr) is the caller's implementation.
 */

/** Levels, lowest first. */
export type LogLevel = "debug" | "info" | "warn" | "error";

/** Structured fields of a log line; secrets are never among them. */
export type LogFields = Readonly<Record<string, unknown>>;

/** Where the tool's logs go. */
export interface Logger {
  log(level: LogLevel, event: string, fields?: LogFields): void;
}

/** Rank of each level: lines below a threshold are dropped by implementations that filter. */
export const LOG_LEVEL_RANK: Readonly<Record<LogLevel, number>> = { debug: 10, info: 20, warn: 30, error: 40 };

/** The levels, lowest first, for messages. */
export const LOG_LEVELS = Object.keys(LOG_LEVEL_RANK) as LogLevel[];

/** Is this one of the four levels? An own key only: `toString` and `__proto__` are not levels. */
export const isLogLevel = (value: unknown): value is LogLevel => typeof value === "string" && Object.hasOwn(LOG_LEVEL_RANK, value);

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = { log: () => undefined };

/**
 * One line of text for a log line, for loggers that write text (the Actions log, stderr): the
 * `message` field when there is one, otherwise the event and its fields as `key=value`.
 */
export function logText(event: string, fields: LogFields = {}): string {
  if (typeof fields["message"] === "string") return fields["message"];
  const parts = Object.entries(fields).map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  return parts.length === 0 ? event : `${event} ${parts.join(" ")}`;
}
