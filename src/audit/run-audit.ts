/**
 * The audit: evaluate every issue in scope and apply the plans through a tracker port, spending a
 * write budget on the most urgent issues first. Shared by the CLI, the Action and the Jira
 * server; it does I/O only through the injected tracker.
 */
import { evaluate } from "../core/evaluate.ts";
import type { EvaluationContext, Issue } from "../core/model.ts";
import type { ClockReport, Plan } from "../core/plan.ts";
import type { Rules } from "../core/rules/rules.ts";
import type { AuditScope, SkippedIssue, Tracker } from "../core/tracker.ts";
import { timeSettings, type TimeSettings } from "../core/text/format-instant.ts";
import { summariseRun, type RunSummary } from "./summarise-run.ts";
import type { IssueReport } from "./issue-report.ts";
import { applyPlan, countAssignments, type OperationStatus, type ReportedOperation } from "./apply-plan.ts";

export type { IssueReport, OperationStatus, ReportedOperation };

export interface AuditReport {
  tracker: string;
  now: string;
  dryRun: boolean;
  issues: IssueReport[];
  /** Issues left unchanged because the tracker's answer could not be planned on; retried next run. */
  skipped?: SkippedIssue[];
  totals: {
    issues: number;
    /** Operations applied (or, on a dry run, planned). */
    changes: number;
    failed: number;
    /** Operations left for the next run because the write budget ran out. */
    deferred: number;
    /** Keyed comments another run had posted meanwhile: nothing written. */
    alreadyDone?: number;
    /** Operations not tried because the tracker refused the credentials first. */
    notAttempted?: number;
    breached: number;
    atRisk: number;
    /** Issues outside the rules' scope (when the rules set one): left alone, or labels and priority only. */
    outside?: { ignored: number; quiet: number };
  };
  budget: { max: number | null; used: number; exhausted: boolean };
  /** The zone the report's instants are in and the calendars the clocks count on. */
  time?: TimeSettings;
  /**
   * Why the run stopped before its end: the tracker refused the credentials (a revoked token).
   * Nothing was attempted after that.
   */
  stopped?: string;
  /** On a dry run: what the run would change, by kind, with examples (the first-run summary). */
  summary?: RunSummary;
}

export interface AuditOptions {
  tracker: Tracker;
  rules: Rules;
  now: number;
  dryRun: boolean;
  /** Most operations to apply in this run; null for no limit. */
  maxWrites?: number | null;
  scope?: AuditScope;
  /**
   * The issues were read just now, one by one (an event run): plans with a comment are applied
   * without reading the issue a second time. The adapter still checks the key right before posting.
   */
  freshlyRead?: boolean;
  /** Called once per issue after it is handled (progress, logging). */
  onIssue?: (report: IssueReport) => void;
}

/** One issue's line in a report. */
export function toIssueReport(issue: Issue, plan: Plan, operations: ReportedOperation[]): IssueReport {
  return {
    id: issue.id,
    title: issue.title,
    state: issue.state,
    priority: plan.priority,
    priorityInferred: plan.priorityInferred,
    category: plan.category,
    clocks: plan.clocks,
    ...(plan.notices ? { notices: plan.notices } : {}),
    ...(plan.scope === "in" ? {} : { scope: plan.scope }),
    operations,
    ...(issue.url === undefined ? {} : { url: issue.url }),
  };
}

/** How many open issues each person has; feeds least-loaded routing. */
function workload(issues: readonly Issue[]): Record<string, number> {
  const load: Record<string, number> = {};
  for (const issue of issues) {
    if (issue.state !== "open") continue;
    for (const person of issue.assignees) load[person.id] = (load[person.id] ?? 0) + 1;
  }
  return load;
}

/** Evaluate every issue in scope, then apply plans most urgent first within the write budget. */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const { tracker, rules, now, dryRun } = options;
  const issues: Issue[] = [];
  const skipped: SkippedIssue[] = [];
  const scope: AuditScope = { ...options.scope, onSkip: (entry) => (skipped.push(entry), options.scope?.onSkip?.(entry)) };
  for await (const issue of tracker.listIssues(scope)) {
    // An issue created after `now` did not exist yet at that instant (an audit at an earlier
    // --now): nothing to evaluate, and it must not count in the workload. 0 means unknown.
    if (issue.createdAt > now) continue;
    issues.push(issue);
  }

  const context: { load: Record<string, number> } = { load: workload(issues) };
  const planned: { issue: Issue; plan: Plan }[] = [];
  for (const issue of issues) {
    const plan = evaluate(issue, rules, now, context satisfies EvaluationContext);
    planned.push({ issue, plan });
    // Routing decisions count towards the load of later issues in the same run.
    countAssignments(context, plan);
  }

  const order = [...planned].sort((a, b) => a.plan.urgency - b.plan.urgency);
  const max = options.maxWrites ?? null;
  let used = 0;
  let exhausted = false;
  const reports = new Map<string, IssueReport>();

  let stopped: string | undefined;

  for (const { issue, plan } of order) {
    let operations: ReportedOperation[];
    let shown = { issue, plan };
    if (dryRun || plan.operations.length === 0) {
      operations = plan.operations.map((operation) => ({ operation, status: "planned" }));
    } else if (stopped !== undefined) {
      operations = plan.operations.map((operation) => ({ operation, status: "not-attempted", error: `not attempted: ${stopped}` }));
    } else if (exhausted || (max !== null && used + plan.operations.length > max)) {
      // An issue's plan is applied whole or not at all, so no issue is left half-changed; and the
      // run stops at the first plan that does not fit, so the next run picks up right there
      // instead of this one spending the rest on less urgent issues.
      exhausted = true;
      operations = plan.operations.map((operation) => ({ operation, status: "deferred" }));
    } else {
      const applied = await applyPlan({
        tracker,
        rules,
        now,
        context,
        issue,
        plan,
        ...(options.freshlyRead === true ? { freshlyRead: true } : {}),
        ...(max === null ? {} : { maxOperations: max - used }),
      });
      if (applied.deferred) exhausted = true;
      else used += applied.plan.operations.length;
      if (applied.authFailure !== undefined) stopped = applied.authFailure;
      operations = applied.operations;
      shown = applied;
    }
    const report = toIssueReport(shown.issue, shown.plan, operations);
    reports.set(issue.id, report);
    options.onIssue?.(report);
  }
  if (!dryRun) await tracker.flush?.();

  const issueReports = planned.map(({ issue }) => reports.get(issue.id) as IssueReport);
  const count = (status: OperationStatus) =>
    issueReports.reduce((n, r) => n + r.operations.filter((o) => o.status === status).length, 0);
  const clockCount = (state: ClockReport["state"]) =>
    issueReports.filter((r) => r.state === "open" && r.clocks.some((c) => c.state === state)).length;

  return {
    tracker: tracker.name,
    now: new Date(now).toISOString(),
    dryRun,
    issues: issueReports,
    skipped,
    totals: {
      issues: issueReports.length,
      changes: dryRun ? count("planned") : count("applied"),
      failed: count("failed"),
      deferred: count("deferred"),
      alreadyDone: count("already-done"),
      notAttempted: count("not-attempted"),
      breached: clockCount("breached"),
      atRisk: clockCount("at-risk"),
      ...(rules.scope === undefined ? {} : { outside: { ignored: issueReports.filter((r) => r.scope === "ignored").length, quiet: issueReports.filter((r) => r.scope === "quiet").length } }),
    },
    budget: { max, used, exhausted },
    time: timeSettings(rules),
    ...(stopped === undefined ? {} : { stopped }),
    ...(dryRun ? { summary: summariseRun(issueReports) } : {}),
  };
}
