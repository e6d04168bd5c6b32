/**
 * What the server does with an alert group's work: read the group's merged state, find the issue
 * it opened (the store's record, else the tracker's identity lookup — which also repairs a crash
 * between opening an issue and recording it), plan the lifecycle step (`planAlert`) and carry it
 * out: open the issue and record it at once, or apply the keyed comment, reopen and label. Then
 * the issue goes through the process like any other (`createIssueProcessor`: read afresh,
 * evaluate, apply). The queue runs one group at a time, so deliveries of an HA pair, retries and
 * out-of-order ones meet one state and one issue.
 */
import { planAlert } from "../core/alerts/plan-alert.ts";
import type { AlertsRule } from "../core/alerts/alerts-rule.ts";
import type { Logger } from "../core/logger.ts";
import type { Issue } from "../core/model.ts";
import type { Rules } from "../core/rules/rules.ts";
import { isTrackerError, type Tracker } from "../core/tracker.ts";
import { ALERT_WORK_PREFIX, type AlertStore } from "./alert-store.ts";
import type { RunOutcome } from "./issue-queue.ts";
import type { Metrics } from "./metrics.ts";
import { createIssueProcessor } from "./process-issue.ts";

export interface AlertProcessorOptions {
  alerts: AlertStore;
  rule: AlertsRule;
  rules: Rules;
  /** The tracker alert issues are opened on (resolved once, on first use). */
  tracker: () => Promise<Tracker>;
  now: () => number;
  logger: Logger;
  metrics: Metrics;
  monotonic?: () => number;
}

const message = (error: unknown): string => (error instanceof Error ? error.message : String(error));

export function createAlertProcessor(options: AlertProcessorOptions): (work: string) => Promise<RunOutcome> {
  const { logger, rule, rules } = options;
  let target: Promise<{ tracker: Tracker; process: (issue: string) => Promise<RunOutcome> }> | undefined;
  const open = (): Promise<{ tracker: Tracker; process: (issue: string) => Promise<RunOutcome> }> =>
    (target ??= options.tracker().then(
      (tracker) => ({ tracker, process: createIssueProcessor({ tracker, rules, now: options.now, logger, metrics: options.metrics, ...(options.monotonic === undefined ? {} : { monotonic: options.monotonic }) }) }),
      (error: unknown) => {
        target = undefined;
        throw error;
      },
    ));
  const where = { labels: rule.labels, project: rule.project };

  /** The issue the store names, as it is now; undefined when it names none or it is gone. */
  async function recorded(tracker: Tracker, id: string | undefined): Promise<Issue | undefined> {
    if (id === undefined) return undefined;
    try {
      return await tracker.getIssue(id);
    } catch (error) {
      if (isTrackerError(error) && error.kind === "not-found") return undefined;
      throw error;
    }
  }

  async function run(identity: string): Promise<RunOutcome> {
    const stored = await options.alerts.get(identity);
    if (stored === undefined) {
      logger.log("warn", "alert.unknown_group", { group: identity, why: "no stored state (the store was replaced?)" });
      return undefined;
    }
    const { tracker, process } = await open();
    let issue = await recorded(tracker, stored.issue);
    let looked = false;
    for (let step = 0; step < 3; step++) {
      const planned = planAlert({ group: stored.group, issue, rule, rules, capabilities: tracker.capabilities, now: options.now() });
      if (planned.kind === "nothing") {
        logger.log("debug", "alert.nothing", { group: identity, issue: issue?.id ?? null, why: planned.reason });
        break;
      }
      if (planned.kind === "update") {
        const results = await tracker.apply(issue as Issue, planned.operations);
        const failed = results.filter((result) => !result.ok);
        logger.log(failed.length === 0 ? "info" : "warn", "alert.updated", {
          group: identity,
          issue: issue?.id,
          why: planned.reason,
          operations: results.map((result) => `${result.operation.kind}${result.alreadyDone === true ? " (already done)" : ""}`),
          ...(failed.length === 0 ? {} : { failed: failed.map((result) => `${result.operation.kind}: ${result.error ?? "failed"}`) }),
        });
        const transient = failed.find((result) => result.errorKind === "rate-limit" || result.errorKind === "transient");
        if (transient !== undefined) return { retryAfterMs: undefined };
        break;
      }
      // Before opening one: an issue the store does not know (opened by a run that crashed before recording it).
      if (!looked && tracker.findIssueByIdentity !== undefined) {
        looked = true;
        const found = await tracker.findIssueByIdentity(planned.create.issue.identity, where);
        if (found !== undefined && found.id !== issue?.id && (issue === undefined || found.createdAt > issue.createdAt)) {
          await options.alerts.setIssue(identity, found.id);
          logger.log("info", "alert.issue_found", { group: identity, issue: found.id });
          issue = found;
          continue;
        }
      }
      if (tracker.createIssue === undefined) {
        logger.log("error", "alert.failed", { group: identity, error: `the ${tracker.kind} tracker cannot open issues` });
        return undefined;
      }
      const created = await tracker.createIssue({ ...planned.create.issue, project: rule.project });
      await options.alerts.setIssue(identity, created.id);
      if (planned.create.fields.length > 0) await tracker.apply(created, planned.create.fields);
      logger.log("info", "alert.issue_opened", { group: identity, issue: created.id, url: created.url ?? null, title: created.title, why: planned.reason });
      issue = planned.create.fields.length > 0 ? await tracker.getIssue(created.id) : created;
    }
    // The issue follows the whole process from here, like any issue the server processes.
    return issue === undefined ? undefined : process(issue.id);
  }

  return async (work) => {
    const identity = work.slice(ALERT_WORK_PREFIX.length);
    try {
      return await run(identity);
    } catch (error) {
      const kind = isTrackerError(error) ? error.kind : "bug";
      options.metrics.failure(kind);
      if (isTrackerError(error) && (error.kind === "rate-limit" || error.kind === "transient")) {
        logger.log("warn", "alert.retry", { group: identity, kind, error: message(error) });
        return { retryAfterMs: error.retryAfter === undefined ? undefined : error.retryAfter * 1000 };
      }
      logger.log("error", "alert.failed", { group: identity, kind, error: message(error) });
      return undefined;
    }
  };
}
