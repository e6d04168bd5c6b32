/**
 * Structured logs: one JSON object per line (`{"time":…,"level":…,"event":…,…}`). Secrets are
 * never passed to the logger; as a second line of defence every line is scrubbed of the values
 * it was told are secret and of fields whose names say they hold one.
 */

export type LogLevel = "debug" | "info" | "warn" | "error";

export interface Logger {
  log(level: LogLevel, event: string, fields?: Record<string, unknown>): void;
}

export interface JsonLoggerOptions {
  write: (line: string) => void;
  now?: () => number;
  /** Values that must never appear in a log line (webhook secret, API token). */
  secrets?: readonly (string | undefined)[];
  /** Lines below this level are dropped. Default `info`. */
  level?: LogLevel;
}

const RANK: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };
const SECRET_FIELD = /secret|token|password|authorization|signature|cookie/i;
const REDACTED = "[redacted]";

/** The levels, lowest first, for messages. */
export const LOG_LEVELS = Object.keys(RANK) as LogLevel[];

/** Is this one of the four levels? An own key only: `toString` and `__proto__` are not levels. */
export const isLogLevel = (value: unknown): value is LogLevel => typeof value === "string" && Object.hasOwn(RANK, value);

export function createJsonLogger(options: JsonLoggerOptions): Logger {
  const now = options.now ?? Date.now;
  const threshold = RANK[options.level ?? "info"];
  // Short values are not scrubbed by content: they would blank out ordinary words.
  const secrets = (options.secrets ?? []).filter((secret): secret is string => typeof secret === "string" && secret.length >= 6);
  const replacer = (key: string, value: unknown): unknown => (key !== "" && SECRET_FIELD.test(key) ? REDACTED : value);
  return {
    log(level, event, fields = {}) {
      if (RANK[level] < threshold) return;
      let line: string;
      // The line's own keys come last so that a field of the same name cannot replace them;
      // written first all the same, for people reading the log.
      const own = { time: new Date(now()).toISOString(), level, event };
      try {
        line = JSON.stringify({ ...own, ...fields, ...own }, replacer);
      } catch {
        line = JSON.stringify({ time: new Date(now()).toISOString(), level, event, note: "fields not serialisable" });
      }
      for (const secret of secrets) if (line.includes(secret)) line = line.split(secret).join(REDACTED);
      options.write(`${line}\n`);
    },
  };
}

/** A logger that drops everything (tests, library use). */
export const silentLogger: Logger = { log: () => undefined };
