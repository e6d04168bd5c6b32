/**
 * Satisfaction answers as the review counts them: one record per survey asked, read from the
 * issue's history by the core's own reading of surveys (the one evaluation uses), and counted when
 * asked in the period, with the answer as it stood at the period's end.
 */
import { feedbackOf } from "../core/feedback/feedback-of.ts";
import type { Issue } from "../core/model.ts";
import type { Rules } from "../core/rules/rules.ts";
import type { FeedbackFigures } from "./review.ts";
import { share } from "./stats.ts";

/** One survey: when it was asked, and the answer if there is one. */
export interface FeedbackRecord {
  askedAt: number;
  answeredAt?: number;
  answer?: "positive" | "negative" | "neutral";
}

/** Reads the surveys asked on one issue, oldest first, with their answers as they were at `until`. */
export type FeedbackReader = (issue: Issue, until: number) => readonly FeedbackRecord[];

/** No surveys anywhere. */
export const NO_FEEDBACK: FeedbackReader = () => [];

/** The surveys the tool asked and the answers the reporter gave, as evaluation reads them. */
export const surveysOf =
  (rules: Rules): FeedbackReader =>
  (issue, until) =>
    feedbackOf(issue, rules, until).map((record) => ({
      askedAt: record.askedAt,
      ...(record.answer === undefined ? {} : { answeredAt: record.answer.at, answer: record.answer.verdict }),
    }));

/** The surveys asked in [start, until] and their answers given by `until`. */
export function countFeedback(issues: readonly Issue[], read: FeedbackReader, start: number, until: number): FeedbackFigures {
  let asked = 0;
  let answered = 0;
  let positive = 0;
  let negative = 0;
  for (const issue of issues) {
    for (const record of read(issue, until)) {
      if (record.askedAt < start || record.askedAt > until) continue;
      asked++;
      if (record.answeredAt === undefined || record.answeredAt > until || record.answer === undefined) continue;
      answered++;
      if (record.answer === "positive") positive++;
      else if (record.answer === "negative") negative++;
    }
  }
  return { asked, answered, positive, negative, responseRate: share(answered, asked), positiveShare: share(positive, answered) };
}
