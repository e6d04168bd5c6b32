/**
 * The core's `Logger` port onto the Actions log: debug lines to the step's debug log, info to the
 * log, warnings and errors as annotations. Each line is its `message` (or the event and fields).
 */
import { type Logger, logText } from "../core/logger.ts";
import type { ActionHost } from "./action-host.ts";

/** A logger that writes to the run's log through the host. */
export function hostLogger(host: Pick<ActionHost, "debug" | "info" | "warning" | "error">): Logger {
  return {
    log(level, event, fields) {
      const text = logText(event, fields);
      if (level === "debug") host.debug(text);
      else if (level === "info") host.info(text);
      else if (level === "warn") host.warning(text);
      else host.error(text);
    },
  };
}
