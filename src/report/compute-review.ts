/** The review of a period: its figures and the previous period's, from one reading of the issues. */
import type { Issue } from "../core/model.ts";
import type { Rules } from "../core/rules/rules.ts";
import type { AuditScope, Tracker } from "../core/tracker.ts";
import { computeFigures } from "./compute-figures.ts";
import type { FeedbackReader } from "./feedback.ts";
import { previousPeriod, type Period } from "./period.ts";
import { repeatsOf } from "./review-repeats.ts";
import type { Review } from "./review.ts";

export interface ReviewInput {
  issues: readonly Issue[];
  rules: Rules;
  period: Period;
  now: number;
  /** Where the issues came from, as the report names it. */
  tracker: string;
  feedback?: FeedbackReader;
}

/**
 * The period's figures with the previous period's beside, and the period's repeat problems
 * (against the cases among the same issues: those closed since the previous period began).
 */
export function computeReview(input: ReviewInput): Review {
  const { tracker, ...rest } = input;
  const figures = computeFigures(rest);
  const previous = computeFigures({ ...rest, period: previousPeriod(input.period) });
  const repeats = repeatsOf(input.issues, input.rules, input.period, input.now);
  return { tracker, ...figures, repeats, previous };
}

/**
 * The issues a review of `period` (and the one before it) reads: open ones, and those closed
 * since the previous period began — one listing, as the audit reads them (on Jira, of the
 * issues `jql` selects, when given).
 */
export async function readReviewIssues(tracker: Tracker, period: Period, options: Pick<AuditScope, "onSkip" | "jql"> = {}): Promise<Issue[]> {
  const issues: Issue[] = [];
  const scope: AuditScope = { ...options, closedSince: previousPeriod(period).start };
  for await (const issue of tracker.listIssues(scope)) issues.push(issue);
  return issues;
}
