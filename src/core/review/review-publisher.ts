/**
 * The port through which the periodic review is kept as an issue on a tracker: list the issues
 * that carry the review label, create one, edit one's title and body. A separate, small port so
 * that the Tracker port stays what every tracker implements for the process.
 */
import type { Person } from "../model.ts";

/** An issue that may be a review: what finding and editing it needs. */
export interface ReviewIssue {
  /** Tracker-wide id: `OWNER/REPO#12`. */
  id: string;
  /** The number people know it by (`12`). */
  number: number;
  /** Link for humans. */
  url: string;
  title: string;
  body: string;
  /** Its author, with `self` set when it is the tool's own identity. */
  author: Person;
  state: "open" | "closed";
}

/** The title and Markdown body of a review issue, its hidden key already at the end. */
export interface ReviewContent {
  title: string;
  body: string;
}

export interface ReviewPublisher {
  /** Where the reviews go, as reports name it (`owner/repo`). */
  readonly name: string;
  /** Issues carrying `label`, open or closed, newest first. */
  listLabelled(label: string): AsyncIterable<ReviewIssue>;
  /** Create an issue with `label` (created on the tracker when it has none yet). */
  create(content: ReviewContent, label: string): Promise<ReviewIssue>;
  /** Replace the title and body of an issue. */
  edit(issue: ReviewIssue, content: ReviewContent): Promise<ReviewIssue>;
}
