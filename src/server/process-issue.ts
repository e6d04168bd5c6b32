/**
 * What the server does for one issue: re-read it from Jira (deliveries are at-least-once and
 * unordered, so the payload is never trusted as the state), evaluate the rules at the current
 * time, and apply the plan. Plans are level-triggered, so a second run after the same comment
 * plans nothing. The plan goes through the apply step the audit uses, so a keyed comment that
 * an audit posted meanwhile is not posted again. Rate limits and transient failures ask the queue
 * for a later retry (after the tracker's `Retry-After` when it gave one; the queue's retry policy
 * decides the rest); an auth failure stops the issue's plan where it happened.
 */
import { applyPlan } from "../audit/apply-plan.ts";
import { createSimilarCaseFinder } from "../audit/find-similar-cases.ts";
import { evaluate } from "../core/evaluate.ts";
import type { Rules } from "../core/rules/rules.ts";
import { isTrackerError, type Tracker } from "../core/tracker.ts";
import type { RunOutcome } from "./issue-queue.ts";
import type { Logger } from "../core/logger.ts";
import type { Metrics } from "./metrics.ts";

export interface ProcessorOptions {
  tracker: Tracker;
  rules: Rules;
  /** Wall clock, epoch ms: the instant the rules are evaluated at. */
  now: () => number;
  logger: Logger;
  metrics: Metrics;
  /** Monotonic clock in ms, for durations. */
  monotonic?: () => number;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createIssueProcessor(options: ProcessorOptions): (issue: string) => Promise<RunOutcome> {
  const monotonic = options.monotonic ?? (() => performance.now());
  const { logger, metrics } = options;

  return async (key) => {
    const started = monotonic();
    try {
      const issue = await options.tracker.getIssue(key);
      const now = options.now();
      // A report that still needs triage is offered solved cases like it; a failed search offers none.
      const finder = createSimilarCaseFinder({ tracker: options.tracker, rules: options.rules, now, onProblem: (problem) => logger.log("warn", "issue.similar-cases", { issue: key, error: problem }) });
      const similarCases = await finder.find(issue);
      const context = similarCases === undefined ? {} : { similarCases };
      const plan = evaluate(issue, options.rules, now, context);
      // Read a moment ago: the apply step does not read it again; the adapter checks keys before posting.
      const applied = await applyPlan({ tracker: options.tracker, rules: options.rules, now, context, issue, plan, freshlyRead: true });
      const results = applied.operations;
      const failed = results.filter((result) => result.status === "failed" || result.status === "not-attempted");
      const seconds = (monotonic() - started) / 1000;
      metrics.processed(seconds, results.length - failed.length, failed.length);
      if (applied.authFailure !== undefined) metrics.failure("auth");
      logger.log(applied.authFailure !== undefined ? "error" : failed.length === 0 ? "info" : "warn", "issue.processed", {
        issue: key,
        priority: plan.priority,
        operations: results.map((result) => result.operation.kind),
        failed: failed.map((result) => `${result.operation.kind}: ${result.error ?? "failed"}`),
        ...(results.some((result) => result.status === "already-done")
          ? { alreadyDone: results.filter((result) => result.status === "already-done").map((result) => result.operation.kind) }
          : {}),
        ...(applied.authFailure === undefined ? {} : { stopped: `Jira refused the credentials: ${applied.authFailure}` }),
        ms: Math.round(seconds * 1000),
      });
      return undefined;
    } catch (error) {
      const kind = isTrackerError(error) ? error.kind : "bug";
      metrics.failure(kind);
      if (kind === "not-found") {
        logger.log("info", "issue.gone", { issue: key, error: message(error) });
        return undefined;
      }
      if (isTrackerError(error) && (error.kind === "rate-limit" || error.kind === "transient")) {
        const advisedMs = error.retryAfter === undefined ? undefined : error.retryAfter * 1000;
        logger.log("warn", "issue.retry", { issue: key, kind, ...(advisedMs === undefined ? {} : { retryAfterMs: advisedMs }), error: message(error) });
        return { retryAfterMs: advisedMs };
      }
      logger.log("error", "issue.failed", { issue: key, kind, error: message(error) });
      return undefined;
    }
  };
}
