/**
 * Structured logs: one JSON object per line (`{"time":…,"level":…,"event":…,…}`), an
 * implementation of the core's `Logger` port. Secrets are never passed to the logger; as a second
 * line of defence every line is scrubbed of the values it was told are secret and of fields whose
 * names say they hold one.
 */
import { LOG_LEVEL_RANK, type Logger, type LogLevel } from "../core/logger.ts";

export interface JsonLoggerOptions {
  write: (line: string) => void;
  now?: () => number;
  /** Values that must never appear in a log line (webhook secret, API token). */
  secrets?: readonly (string | undefined)[];
  /** Lines below this level are dropped. Default `info`. */
  level?: LogLevel;
}

const SECRET_FIELD = /secret|token|password|authorization|signature|cookie/i;
const REDACTED = "[redacted]";

/** A logger that says which levels it writes, so that a caller on a hot path builds no fields for lines it drops. */
export interface LevelledLogger extends Logger {
  enabled(level: LogLevel): boolean;
}

/** Whether `logger` writes lines of `level` (a logger that does not say is taken to write them all). */
export const logsAt = (logger: Logger, level: LogLevel): boolean => {
  const enabled = (logger as Partial<LevelledLogger>).enabled;
  return typeof enabled === "function" ? enabled.call(logger, level) : true;
};

/** A logger writing one JSON line per call, scrubbed of secrets. */
export function createJsonLogger(options: JsonLoggerOptions): LevelledLogger {
  const now = options.now ?? Date.now;
  const threshold = LOG_LEVEL_RANK[options.level ?? "info"];
  // Short values are not scrubbed by content: they would blank out ordinary words.
  const secrets = (options.secrets ?? []).filter((secret): secret is string => typeof secret === "string" && secret.length >= 6);
  const replacer = (key: string, value: unknown): unknown => (key !== "" && SECRET_FIELD.test(key) ? REDACTED : value);
  return {
    enabled: (level) => LOG_LEVEL_RANK[level] >= threshold,
    log(level, event, fields = {}) {
      if (LOG_LEVEL_RANK[level] < threshold) return;
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
