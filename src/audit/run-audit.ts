/**
 * The audit: evaluate every issue in scope and apply the plans through a tracker port, spending a
 * write budget on the most urgent issues first. Shared by the CLI, the Action and the Jira
 * server; it does I/O only through the injected tracker.
 */
import type { ByteSpill } from "../core/byte-spill.ts";
import type { Issue } from "../core/model.ts";
import type { Plan } from "../core/plan.ts";
import type { Rules } from "../core/rules/rules.ts";
import { type AuditScope, isTrackerError, type SkippedIssue, type Tracker } from "../core/tracker.ts";
import { timeSettings, type TimeSettings } from "../core/text/format-instant.ts";
import { summariseRun, type RunSummary } from "./summarise-run.ts";
import type { IssueReport } from "./issue-report.ts";
import { applyPlan, type OperationStatus, type ReportedOperation } from "./apply-plan.ts";
import { type IssueHeading, type PlannedIssue, planIssues } from "./plan-issues.ts";
import { createSimilarCaseFinder } from "./find-similar-cases.ts";
import { PackedList, RecordPacker } from "./pack-record.ts";
import { createTotalsFold, type ReportTotals } from "./report-totals.ts";
import { ISSUES_PER_TURN, yieldToLoop } from "./yield-to-loop.ts";

export type { IssueReport, OperationStatus, ReportedOperation };
export { PackedList } from "./pack-record.ts";

export interface AuditReport {
  tracker: string;
  now: string;
  dryRun: boolean;
  issues: IssueReport[];
  /** Issues left unchanged because the tracker's answer could not be planned on; retried next run. */
  skipped?: SkippedIssue[];
  totals: ReportTotals;
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

/**
 * An audit report whose issue lines stay packed (`pack-record.ts`): iterating `issues` unpacks
 * them one at a time, in listing order, so that a report of 100,000 issues can be printed without
 * holding them all as objects.
 */
export interface PackedAuditReport extends Omit<AuditReport, "issues"> {
  issues: PackedList<IssueReport>;
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
  /** Told when a report that needs triage got no similar cases because the tracker's search failed. */
  onProblem?: (message: string) => void;
  /** Called once per issue after it is handled (progress, logging). */
  onIssue?: (report: IssueReport) => void;
  /**
   * How many bytes of issues (packed, about a byte per character of their text) to keep between
   * planning an issue and applying its plan (default 64 million); issues beyond it are read from
   * the tracker again.
   */
  retainedChars?: number;
  /**
   * Where the packed plans, kept issues and report lines go (memory by default): a file keeps a
   * large audit's records out of the process. It must stay readable until the report is printed.
   */
  spill?: ByteSpill;
}

/** One issue's line in a report: what it shows of the issue (an Issue will do), and its plan. */
export function toIssueReport(issue: IssueHeading, plan: Plan, operations: ReportedOperation[]): IssueReport {
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

/**
 * Issues kept between planning and applying, in bytes packed (outside the heap); issues beyond
 * it are read from the tracker again when their plan is applied (a read costs far more than
 * unpacking).
 */
const RETAINED_CHARS = 64_000_000;

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * The issue a plan is applied to: the one listed if it was kept, else read again. A tracker error
 * reading it is reported on the plan's operations, as the apply step reports its own reads.
 */
async function issueToApply(
  tracker: Tracker,
  entry: PlannedIssue,
  { heading, plan, packer }: { heading: IssueHeading; plan: Plan; packer: RecordPacker },
): Promise<{ issue: Issue } | { operations: ReportedOperation[]; authFailure?: string }> {
  if (entry.issue !== undefined) return { issue: packer.unpack(entry.issue) };
  try {
    return { issue: await tracker.getIssue(heading.id) };
  } catch (error) {
    if (!isTrackerError(error)) throw error;
    const auth = error.kind === "auth";
    const why = `${auth ? "not attempted: " : ""}could not read ${heading.id} again before applying its plan: ${errorText(error)}`;
    return {
      operations: plan.operations.map((operation) => ({ operation, status: auth ? "not-attempted" : "failed", error: why })),
      ...(auth ? { authFailure: errorText(error) } : {}),
    };
  }
}

/**
 * Evaluate every issue in scope, then apply plans most urgent first within the write budget; the
 * report with every issue line as an object.
 */
export async function runAudit(options: AuditOptions): Promise<AuditReport> {
  const report = await runAuditPacked(options);
  return { ...report, issues: [...report.issues] };
}

/**
 * The audit, its report's issue lines left packed. Memory is one packed record per issue (its
 * plan until it is applied, then its report line): issues are not held once planned unless their
 * plan is still to be applied, within a budget, and the totals are counted as the lines are made.
 */
export async function runAuditPacked(options: AuditOptions): Promise<PackedAuditReport> {
  const { tracker, rules, now, dryRun } = options;
  const skipped: SkippedIssue[] = [];
  const scope: AuditScope = { ...options.scope, onSkip: (entry) => (skipped.push(entry), options.scope?.onSkip?.(entry)) };
  // One packer for the run's plans and report lines: they share its tables.
  const packer = new RecordPacker(options.spill);
  const { issues: listed, context } = await planIssues({
    packer,
    tracker,
    rules,
    now,
    scope,
    dryRun,
    retainedChars: options.retainedChars ?? RETAINED_CHARS,
    finder: createSimilarCaseFinder({ tracker, rules, now, ...(options.onProblem === undefined ? {} : { onProblem: options.onProblem }) }),
  });

  // Released one by one as their lines are made.
  const planned: (PlannedIssue | undefined)[] = listed;
  // Stable: issues equally urgent keep the listing's order.
  const order = listed.map((_, at) => at).sort((a, b) => (listed[a] as PlannedIssue).urgency - (listed[b] as PlannedIssue).urgency);
  const max = options.maxWrites ?? null;
  let used = 0;
  let exhausted = false;
  const reports = new PackedList<IssueReport>(packer);
  const totals = createTotalsFold();

  let stopped: string | undefined;

  let handled = 0;
  for (const at of order) {
    if (++handled % ISSUES_PER_TURN === 0) await yieldToLoop();
    const entry = planned[at] as PlannedIssue;
    const { heading, plan } = packer.unpack(entry.packed);
    let operations: ReportedOperation[];
    let shown: { issue: IssueHeading; plan: Plan } = { issue: heading, plan };
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
      const target = await issueToApply(tracker, entry, { heading, plan, packer });
      if ("issue" in target) {
        const applied = await applyPlan({
          tracker,
          rules,
          now,
          context: entry.similarCases === undefined ? context : { load: context.load, similarCases: entry.similarCases },
          issue: target.issue,
          plan,
          ...(options.freshlyRead === true ? { freshlyRead: true } : {}),
          ...(max === null ? {} : { maxOperations: max - used }),
        });
        if (applied.deferred) exhausted = true;
        else used += applied.plan.operations.length;
        if (applied.authFailure !== undefined) stopped = applied.authFailure;
        operations = applied.operations;
        shown = applied;
      } else {
        if (target.authFailure !== undefined) stopped = target.authFailure;
        operations = target.operations;
      }
    }
    const report = toIssueReport(shown.issue, shown.plan, operations);
    reports.put(at, report);
    totals.add(report);
    // Applied or not, the issue and its plan are done with: only the report line stays.
    if (entry.issue !== undefined) packer.release(entry.issue);
    packer.release(entry.packed);
    entry.issue = undefined;
    planned[at] = undefined;
    options.onIssue?.(report);
  }
  if (!dryRun) await tracker.flush?.();

  return {
    tracker: tracker.name,
    now: new Date(now).toISOString(),
    dryRun,
    issues: reports,
    skipped,
    totals: totals.result(reports.length, dryRun, rules.scope !== undefined),
    budget: { max, used, exhausted },
    time: timeSettings(rules),
    ...(stopped === undefined ? {} : { stopped }),
    ...(dryRun ? { summary: summariseRun(reports) } : {}),
  };
}
