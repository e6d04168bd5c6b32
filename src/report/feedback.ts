/**
 * Satisfaction answers as the review counts them. Where surveys come from is not the review's
 * concern: a reader of survey comments supplies one record per survey asked, and the review
 * counts those asked in the period. Without a reader nothing was asked.
 */
import type { Issue } from "../core/model.ts";
import type { FeedbackFigures } from "./review.ts";
import { share } from "./stats.ts";

/** One survey: when it was asked, and the answer if there is one. */
export interface FeedbackRecord {
  askedAt: number;
  answeredAt?: number;
  answer?: "positive" | "negative" | "neutral";
}

/** Reads the surveys asked on one issue, oldest first. */
export type FeedbackReader = (issue: Issue) => readonly FeedbackRecord[];

/** No surveys anywhere: what the review counts until surveys are read. */
export const NO_FEEDBACK: FeedbackReader = () => [];

/** The surveys asked in [start, until] and their answers given by `until`. */
export function countFeedback(issues: readonly Issue[], read: FeedbackReader, start: number, until: number): FeedbackFigures {
  let asked = 0;
  let answered = 0;
  let positive = 0;
  let negative = 0;
  for (const issue of issues) {
    for (const record of read(issue)) {
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
