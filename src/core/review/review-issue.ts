/**
 * The periodic review as an issue the tool writes itself: its body ends with a hidden key per
 * period (`review/2026-W14`, `review/2026-03`), so that a later run of the same period finds it
 * and edits it in place. Such an issue is not a support case: the rules leave it alone and the
 * review's figures leave it out. Only an issue written by the tool's own identity counts as one:
 * anyone can paste the key into an issue of their own.
 */
import type { Person } from "../model.ts";
import { readMarkerKeys } from "../text/hidden-key.ts";

/** The start of every review key. */
export const REVIEW_KEY_PREFIX = "review/";

/** The hidden key of the review of one period, by the period's name (`2026-W14`, `2026-03`). */
export const reviewKey = (periodName: string): string => `${REVIEW_KEY_PREFIX}${periodName}`;

/** The review keys that end a body (none when the body ends with no marker). */
export const reviewKeysOf = (body: string): string[] => (readMarkerKeys(body) ?? []).filter((key) => key.startsWith(REVIEW_KEY_PREFIX));

/** Is this issue one of the tool's own reviews: written by the tool, its body ending with a review key? */
export function isReviewIssue(issue: { author: Person; body: string }): boolean {
  return issue.author.self === true && reviewKeysOf(issue.body).length > 0;
}

/** Does this issue, by the tool's own identity, carry the key of this period's review? */
export function isReviewOf(issue: { author: Person; body: string }, key: string): boolean {
  return issue.author.self === true && reviewKeysOf(issue.body).includes(key);
}
