/**
 * The one apply step shared by the audit, the Action's event runs and the Jira server. A plan
 * that posts a comment is not applied from a read that may be minutes old: the issue is read
 * afresh and evaluated again (same rules, instant and context), and the fresh plan — possibly
 * smaller or empty, when another run got there first — is applied. Right before posting, the
 * adapter checks the key is still absent. An auth failure stops the plan where it happened.
 */
import { evaluate } from "../core/evaluate.ts";
import type { EvaluationContext, Issue, SimilarCase } from "../core/model.ts";
import { moduleOf } from "../core/operations/registry.ts";
import type { Operation, Plan } from "../core/plan.ts";
import type { Rules } from "../core/rules/rules.ts";
import { isTrackerError, type OperationResult, type Tracker } from "../core/tracker.ts";

/**
 * What became of one operation: `already-done` means the tracker already was as asked (another
 * run posted that keyed comment) and nothing was written; `not-attempted` means an auth failure
 * came first.
 */
export type OperationStatus = "planned" | "applied" | "already-done" | "failed" | "deferred" | "not-attempted";

export interface ReportedOperation {
  operation: Operation;
  status: OperationStatus;
  error?: string;
}

export interface ApplyPlanInput {
  tracker: Tracker;
  rules: Rules;
  now: number;
  /**
   * The context the plan was evaluated with; routing load is kept in step when re-planning, and
   * the issue's similar cases are offered again as they were found.
   */
  context?: { load?: Record<string, number>; similarCases?: readonly SimilarCase[] };
  issue: Issue;
  plan: Plan;
  /** The issue was read just now (an event run, the server): no second read before a comment. */
  freshlyRead?: boolean;
  /** Most operations this plan may apply (the write budget left); more defers the whole plan. */
  maxOperations?: number;
}

export interface AppliedPlan {
  /** The issue and plan that were applied: the fresh ones when the issue was read again. */
  issue: Issue;
  plan: Plan;
  operations: ReportedOperation[];
  /** The fresh plan did not fit in `maxOperations`: nothing was applied. */
  deferred: boolean;
  /** Set when the tracker refused the credentials: the caller stops its run. */
  authFailure?: string;
}

/** The plan posts a new comment (not only edits one of the tool's own). */
const hasComment = (plan: Plan): boolean => plan.operations.some((op) => moduleOf(op).notices?.edited === false);

/** Add (or with -1 withdraw) a plan's assignments to the routing load of the run. */
export function countAssignments(context: ApplyPlanInput["context"], plan: Plan, sign: 1 | -1 = 1): void {
  const load = context?.load;
  if (load === undefined) return;
  for (const op of plan.operations) {
    for (const id of moduleOf(op).assigns?.people(op) ?? []) load[id] = (load[id] ?? 0) + sign;
  }
}

function toReported(result: OperationResult): ReportedOperation {
  if (result.notAttempted === true) return { operation: result.operation, status: "not-attempted", error: result.error ?? "not attempted" };
  if (!result.ok) return { operation: result.operation, status: "failed", error: result.error ?? "failed" };
  return { operation: result.operation, status: result.alreadyDone === true ? "already-done" : "applied" };
}

const errorText = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/**
 * Apply one issue's plan (never on a dry run: callers report dry-run plans as planned). Tracker
 * errors while reading the issue again are reported on the plan's operations, not thrown.
 */
export async function applyPlan(input: ApplyPlanInput): Promise<AppliedPlan> {
  const { tracker, rules, now, context } = input;
  let { issue, plan } = input;
  if (hasComment(plan) && input.freshlyRead !== true) {
    const read = issue;
    try {
      issue = await (tracker.refresh?.(issue) ?? tracker.getIssue(issue.id));
    } catch (error) {
      if (!isTrackerError(error)) throw error;
      const auth = error.kind === "auth";
      const why = `${auth ? "not attempted: " : ""}could not read ${issue.id} again before commenting: ${errorText(error)}`;
      return {
        issue,
        plan,
        deferred: false,
        operations: plan.operations.map((operation) => ({ operation, status: auth ? "not-attempted" : "failed", error: why })),
        ...(auth ? { authFailure: errorText(error) } : {}),
      };
    }
    if (issue !== read) {
      countAssignments(context, plan, -1);
      plan = evaluate(issue, rules, now, context satisfies EvaluationContext | undefined);
      countAssignments(context, plan, 1);
    }
  }
  if (plan.operations.length === 0) return { issue, plan, operations: [], deferred: false };
  if (input.maxOperations !== undefined && plan.operations.length > input.maxOperations) {
    return { issue, plan, deferred: true, operations: plan.operations.map((operation) => ({ operation, status: "deferred" })) };
  }
  const results = await tracker.apply(issue, plan.operations);
  const operations = results.map(toReported);
  const auth = results.find((result) => result.errorKind === "auth");
  return { issue, plan, operations, deferred: false, ...(auth === undefined ? {} : { authFailure: auth.error ?? "the tracker refused the credentials" }) };
}
