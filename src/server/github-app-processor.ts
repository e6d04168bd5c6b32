/**
 * What the server does with GitHub App work: for an issue, the repository's rules (its own file,
 * else the organisation's), that repository's adapter through the installation's token, and then
 * exactly what it does for a Jira issue (`createIssueProcessor`: read afresh, evaluate, the shared
 * apply step). A repository without rules, or with rules that have errors, is skipped (the rules
 * cache has said why, once). For a push that changed a rule file: forget those rules and read them
 * again now, so that a mistake in them is logged when it is pushed.
 */
import type { Logger } from "../core/logger.ts";
import { isTrackerError } from "../core/tracker.ts";
import type { GitHubAppClient } from "../github/app-client.ts";
import type { AppRules } from "../github/app-rules.ts";
import type { GitHubTracker } from "../github/create-github-tracker.ts";
import { parseWorkKey } from "./github-app-event.ts";
import type { RunOutcome } from "./issue-queue.ts";
import type { Metrics } from "./metrics.ts";
import { createIssueProcessor } from "./process-issue.ts";

export interface GitHubAppProcessorOptions {
  client: GitHubAppClient;
  rules: AppRules;
  now: () => number;
  logger: Logger;
  metrics: Metrics;
  monotonic?: () => number;
  /** Filled with the App's own login (lower case) once a tracker has read it. */
  ownLogins: Set<string>;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createGitHubAppProcessor(options: GitHubAppProcessorOptions): (key: string) => Promise<RunOutcome> {
  const { logger } = options;
  const processors = new WeakMap<GitHubTracker, (issue: string) => Promise<RunOutcome>>();

  /** A failure to read the rules: retried when GitHub may answer later, else logged. */
  const failed = (key: string, error: unknown): RunOutcome => {
    const kind = isTrackerError(error) ? error.kind : "bug";
    options.metrics.failure(kind);
    if (isTrackerError(error) && (error.kind === "rate-limit" || error.kind === "transient")) {
      logger.log("warn", "issue.retry", { issue: key, kind, error: message(error) });
      return { retryAfterMs: error.retryAfter === undefined ? undefined : error.retryAfter * 1000 };
    }
    logger.log("error", "issue.failed", { issue: key, kind, error: message(error) });
    return undefined;
  };

  return async (key) => {
    const work = parseWorkKey(key);
    if (work === undefined) {
      logger.log("error", "issue.failed", { issue: key, kind: "invalid", error: "not a GitHub App work key" });
      return undefined;
    }
    if (work.kind === "rules") options.rules.refresh(work.repository);
    let found;
    try {
      found = await options.rules.rulesFor(work.installationId, work.repository);
    } catch (error) {
      return failed(key, error);
    }
    if (work.kind === "rules" || found.kind !== "rules") {
      if (work.kind === "issue") logger.log("debug", "issue.skipped", { issue: key, why: found.kind === "none" ? "no rules" : `errors in ${found.kind === "invalid" ? found.file : ""}` });
      return undefined;
    }
    const tracker = options.client.tracker(work.installationId, work.repository, found.rules);
    let run = processors.get(tracker);
    if (run === undefined) {
      run = createIssueProcessor({ tracker, rules: found.rules, now: options.now, logger, metrics: options.metrics, ...(options.monotonic === undefined ? {} : { monotonic: options.monotonic }) });
      processors.set(tracker, run);
    }
    const outcome = await run(`${work.repository}#${work.number}`);
    // Read with the issue (GraphQL viewer): from now on its own changes are not acted on.
    await tracker.selfLogin().then(
      (login) => options.ownLogins.add(login.toLowerCase()),
      () => undefined,
    );
    return outcome;
  };
}
