/**
 * Keep one issue per review period: find the tool's own issue that carries the period's key
 * (among those with the review label), edit its title and body in place when they changed, or
 * create it. An issue by anyone else that carries the key is never touched: it is reported, so
 * that the run can say why it was passed over.
 */
import type { ReviewIssue, ReviewPublisher } from "../core/review/review-publisher.ts";
import { isReviewOf, reviewKeysOf } from "../core/review/review-issue.ts";
import { withMarker } from "../core/text/hidden-key.ts";

export interface ReviewToPublish {
  /** The period's hidden key (`reviewKey("2026-W14")`). */
  key: string;
  title: string;
  /** The review as Markdown; the key is added at its end. */
  markdown: string;
  /** The label review issues carry, to be found by. */
  label: string;
  /** Plan only: find the issue and say what would be done, write nothing. */
  dryRun: boolean;
}

/** What publishing did (or, on a dry run, would do). */
export interface PublishOutcome {
  action: "created" | "edited" | "unchanged" | "would-create" | "would-edit";
  /** The review issue; absent only for `would-create`. */
  issue?: ReviewIssue;
  /** Issues with the label and the key that the tool did not write: left alone. */
  passedOver: ReviewIssue[];
}

/** The tool's review issue of this key among those with the label, and the impostors beside it. */
async function findReview(publisher: ReviewPublisher, label: string, key: string): Promise<{ found?: ReviewIssue; passedOver: ReviewIssue[] }> {
  const passedOver: ReviewIssue[] = [];
  for await (const issue of publisher.listLabelled(label)) {
    if (isReviewOf(issue, key)) return { found: issue, passedOver };
    if (reviewKeysOf(issue.body).includes(key)) passedOver.push(issue);
  }
  return { passedOver };
}

/** Create or edit the period's review issue so that it reads `review`; nothing when it already does. */
export async function publishReview(publisher: ReviewPublisher, review: ReviewToPublish): Promise<PublishOutcome> {
  const content = { title: review.title, body: withMarker(review.markdown.trimEnd(), review.key) };
  const { found, passedOver } = await findReview(publisher, review.label, review.key);
  if (found === undefined) {
    if (review.dryRun) return { action: "would-create", passedOver };
    return { action: "created", issue: await publisher.create(content, review.label), passedOver };
  }
  if (found.title === content.title && found.body.trimEnd() === content.body) return { action: "unchanged", issue: found, passedOver };
  if (review.dryRun) return { action: "would-edit", issue: found, passedOver };
  return { action: "edited", issue: await publisher.edit(found, content), passedOver };
}
