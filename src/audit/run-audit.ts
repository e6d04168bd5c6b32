/**
 * The audit: evaluate every issue in scope and apply the plans through a tracker port, spending a
 * write budget on the most urgent issues first. Shared by the CLI, the Action and the Jira
 * server; it does I/O only through the injected tracker.
 */
import { evaluate } from "../core/evaluate.ts";
import type { EvaluationContext, Issue } from "../core/model.ts";
import type { ClockReport, Operation, Plan } from "../core/plan.ts";
import type { Rules } from "../core/rules/rules.ts";
import type { AuditScope, SkippedIssue, Tracker } from "../core/tracker.ts";

export type OperationStatus = "planned" | "applied" | "failed" | "deferred";

export interface ReportedOperation {
  operation: Operation;
  status: OperationStatus;
  error?: string;
}

export interface IssueReport {
  id: string;
  title: string;
  url?: string;
  state: "open" | "closed";
  priority: string;
  priorityInferred: boolean;
  category?: string | undefined;
  clocks: ClockReport[];
  operations: ReportedOperation[];
}

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
    breached: number;
    atRisk: number;
  };
  budget: { max: number | null; used: number; exhausted: boolean };
}

export interface AuditOptions {
  tracker: Tracker;
  rules: Rules;
  now: number;
  dryRun: boolean;
  /** Most operations to apply in this run; null for no limit. */
  maxWrites?: number | null;
  scope?: AuditScope;
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
    for (const op of plan.operations) {
      if (op.kind === "assign") for (const id of op.assignees) context.load[id] = (context.load[id] ?? 0) + 1;
    }
  }

  const order = [...planned].sort((a, b) => a.plan.urgency - b.plan.urgency);
  const max = options.maxWrites ?? null;
  let used = 0;
  let exhausted = false;
  const reports = new Map<string, IssueReport>();

  for (const { issue, plan } of order) {
    const operations: ReportedOperation[] = [];
    if (dryRun || plan.operations.length === 0) {
      for (const operation of plan.operations) operations.push({ operation, status: "planned" });
    } else if (max !== null && used + plan.operations.length > max) {
      // An issue's plan is applied whole or not at all, so no issue is left half-changed.
      exhausted = true;
      for (const operation of plan.operations) operations.push({ operation, status: "deferred" });
    } else {
      used += plan.operations.length;
      const results = await tracker.apply(issue, plan.operations);
      for (const result of results) {
        operations.push(
          result.ok
            ? { operation: result.operation, status: "applied" }
            : { operation: result.operation, status: "failed", error: result.error ?? "failed" },
        );
      }
    }
    const report = toIssueReport(issue, plan, operations);
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
      breached: clockCount("breached"),
      atRisk: clockCount("at-risk"),
    },
    budget: { max, used, exhausted },
  };
}
