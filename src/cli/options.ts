/** The options every `shepherd` command reads, and how `--now` is read. */
import { INSTANT_EXAMPLE, parseInstant } from "../rule-tests/parse-instant.ts";
import { UsageError } from "./io.ts";

export type CliOptions = {
  rules?: string | undefined;
  tracker?: string | undefined;
  now?: string | undefined;
  json?: boolean | undefined;
  "dry-run"?: boolean | undefined;
  report?: string | undefined;
  "max-writes"?: string | undefined;
  jql?: string | undefined;
  /** `--repos OWNER/A,OWNER/B`: the repositories `--tracker github-app` audits (default: every one the App reaches). */
  repos?: string | undefined;
  port?: string | undefined;
  host?: string | undefined;
  store?: string | undefined;
  queue?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  format?: string | undefined;
  out?: string | undefined;
  since?: string | undefined;
};

/** Parse `--now`: a real ISO 8601 instant with a zone (Z or ±hh:mm). */
export function parseNow(text: string | undefined, fallback: () => number): number {
  if (text === undefined) return fallback();
  const t = parseInstant(text);
  if (t === undefined) {
    throw new UsageError(
      `--now: expected a real date and time with a zone, like ${INSTANT_EXAMPLE} or 2026-03-11T02:00:00Z, found ${JSON.stringify(text)}`,
    );
  }
  return t;
}
