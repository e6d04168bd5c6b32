/**
 * The satisfaction survey's records for one evaluation, read once: the feedback module, the
 * follow-up clock and the reopen decision ask in turn.
 */
import { feedbackOf, type FeedbackRecord } from "../feedback/feedback-of.ts";
import type { Facts } from "./facts.ts";

/** Every survey of the issue with its answer (none when the rules ask for no feedback). */
export function feedbackRecords(facts: Facts): FeedbackRecord[] {
  const read = facts.memo.feedback;
  if (read !== undefined) return read;
  const records = facts.rules.feedback === undefined ? [] : feedbackOf(facts.issue, facts.rules);
  facts.memo.feedback = records;
  return records;
}

/** The latest survey, when it has been answered negatively: what the follow-up clock counts from. */
export function negativeFeedback(facts: Facts): { cycle: number; at: number } | undefined {
  const all = feedbackRecords(facts);
  const latest = all[all.length - 1];
  if (latest?.answer?.verdict !== "negative") return undefined;
  return { cycle: latest.cycle, at: latest.answer.at };
}
