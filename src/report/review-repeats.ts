/**
 * The review's repeat problems from the issues it read: each completed closure that the closure
 * checklist makes a case of (root cause, solution, category, priority) is a case, with its report
 * as filed; a closure that makes no case (not completed, fields missing, out of scope) is no case.
 */
import { caseRecordOf } from "../core/cases/case-record.ts";
import type { Issue } from "../core/model.ts";
import type { Rules } from "../core/rules/rules.ts";
import type { Period } from "./period.ts";
import { computeRepeats, type RepeatFigures, type ReviewCase } from "./repeats.ts";

/** The cases among the issues, as the repeat count reads them. */
export function reviewCasesOf(issues: readonly Issue[], rules: Rules, now: number): ReviewCase[] {
  const cases: ReviewCase[] = [];
  for (const issue of issues) {
    const result = caseRecordOf(issue, rules, now);
    if (!result.ok) continue;
    const { id, title, category, priority, rootCause, solution, createdAt, closedAt } = result.record;
    cases.push({ id, title, category, priority, rootCause, solution, createdAt, closedAt, body: issue.body });
  }
  return cases;
}

/** The repeats among the cases closed in the period, against the cases solved before each was reported. */
export function repeatsOf(issues: readonly Issue[], rules: Rules, period: Period, now: number): RepeatFigures {
  return computeRepeats(reviewCasesOf(issues, rules, now), period.start, Math.min(period.end, now + 1));
}
