/**
 * An audit report's totals, counted one issue line at a time as the lines are made, so that the
 * lines themselves need not be read again (they are kept packed).
 */
import type { ClockReport } from "../core/plan.ts";
import type { OperationStatus } from "./apply-plan.ts";
import type { IssueReport } from "./issue-report.ts";

/** The totals of an audit report, as `AuditReport.totals` holds them. */
export interface ReportTotals {
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
}

/** Counts the operations by status, the open issues by clock state, and the issues by scope. */
export function createTotalsFold(): {
  add(report: IssueReport): void;
  /** The totals of `issues` lines; `scoped`: the rules set a scope (the outside counts are given). */
  result(issues: number, dryRun: boolean, scoped: boolean): ReportTotals;
} {
  const statuses = new Map<OperationStatus, number>();
  const clocks = new Map<ClockReport["state"], number>();
  const outside = { ignored: 0, quiet: 0 };
  return {
    add(report) {
      for (const { status } of report.operations) statuses.set(status, (statuses.get(status) ?? 0) + 1);
      if (report.state === "open") {
        // An issue counts once per state, however many of its clocks are in it.
        for (const state of new Set(report.clocks.map((clock) => clock.state))) clocks.set(state, (clocks.get(state) ?? 0) + 1);
      }
      if (report.scope === "ignored") outside.ignored++;
      else if (report.scope === "quiet") outside.quiet++;
    },
    result(issues, dryRun, scoped) {
      const count = (status: OperationStatus): number => statuses.get(status) ?? 0;
      return {
        issues,
        changes: dryRun ? count("planned") : count("applied"),
        failed: count("failed"),
        deferred: count("deferred"),
        alreadyDone: count("already-done"),
        notAttempted: count("not-attempted"),
        breached: clocks.get("breached") ?? 0,
        atRisk: clocks.get("at-risk") ?? 0,
        ...(scoped ? { outside: { ...outside } } : {}),
      };
    },
  };
}
