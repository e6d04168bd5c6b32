/**
 * One GitHub issue as a snapshot (and the in-memory GitHub) keeps it: the REST issue object, its
 * comments, its timeline events — the shapes GitHub's REST API returns, so an export of a live
 * repository is a valid store. Comments may sit in `comments`, in the timeline as `commented`
 * events (the timeline API returns them), or in both; readers here take each comment once.
 */
import type { RestComment, RestIssue, RestLabel, RestReaction, RestTimelineEvent, RestUser } from "../rest-types.ts";

/** One GitHub issue with its comments and timeline, as the REST API returns them. */
export interface GithubSnapshotEntry {
  issue: RestIssue;
  comments?: RestComment[];
  timeline?: RestTimelineEvent[];
  /** Reactions to its comments, by comment id, as the REST reactions list returns them. */
  reactions?: Record<string, RestReaction[]>;
  [key: string]: unknown;
}

/** The name of a label as an issue carries it (a name or a label object). */
export const labelNameOf = (label: RestLabel | string | undefined): string | undefined =>
  typeof label === "string" ? label : typeof label?.name === "string" ? label.name : undefined;

/** The issue's label names, in its order. */
export const labelNames = (issue: RestIssue): string[] => (Array.isArray(issue.labels) ? issue.labels : []).flatMap((l) => labelNameOf(l) ?? []);

/** The issue's assignees (an absent or null list is none). */
export const assigneesOf = (issue: RestIssue): RestUser[] => (Array.isArray(issue.assignees) ? issue.assignees : []);

const isCommented = (event: RestTimelineEvent): boolean => event.event === "commented";

/**
 * The issue's comments, each once, oldest first: those of `comments` and the timeline's
 * `commented` events, the same id in both counted once (the `comments` copy is returned).
 */
export function commentsOf(entry: GithubSnapshotEntry): RestComment[] {
  const listed = Array.isArray(entry.comments) ? entry.comments : [];
  const fromTimeline = (Array.isArray(entry.timeline) ? entry.timeline : []).filter(isCommented);
  if (fromTimeline.length === 0) return listed;
  const seen = new Set(listed.map((c) => c.id));
  const all = [...listed, ...fromTimeline.filter((event) => !seen.has(event.id))];
  return all.sort((a, b) => Date.parse(a.created_at ?? "") - Date.parse(b.created_at ?? ""));
}

/** The issue's timeline events other than comments, in their order. */
export const eventsOf = (entry: GithubSnapshotEntry): RestTimelineEvent[] =>
  (Array.isArray(entry.timeline) ? entry.timeline : []).filter((event) => !isCommented(event));

/** Every stored copy of the comment with this id (in `comments`, as a `commented` event). */
export function commentCopies(entry: GithubSnapshotEntry, id: number): RestComment[] {
  const listed = (Array.isArray(entry.comments) ? entry.comments : []).filter((c) => c.id === id);
  const events = (Array.isArray(entry.timeline) ? entry.timeline : []).filter((e) => isCommented(e) && e.id === id);
  return [...listed, ...events];
}

/**
 * Add a comment the way the entry already keeps them: always to `comments`, and as a `commented`
 * event too when the entry's timeline carries its comments that way (a timeline exported from
 * the REST timeline API), so that the entry stays what GitHub would answer.
 */
export function addComment(entry: GithubSnapshotEntry, comment: RestComment): void {
  const carries = (Array.isArray(entry.timeline) ? entry.timeline : []).some(isCommented);
  if (Array.isArray(entry.comments)) entry.comments.push(comment);
  else entry.comments = [comment];
  if (carries) entry.timeline?.push({ ...comment, event: "commented", actor: comment.user ?? null });
  if (typeof entry.issue.comments === "number") entry.issue.comments += 1;
}

/** Remove every copy of a comment; false when the entry has none. */
export function removeComment(entry: GithubSnapshotEntry, id: number): boolean {
  const before = commentCopies(entry, id).length;
  if (before === 0) return false;
  if (Array.isArray(entry.comments)) entry.comments = entry.comments.filter((c) => c.id !== id);
  if (Array.isArray(entry.timeline)) entry.timeline = entry.timeline.filter((e) => !(isCommented(e) && e.id === id));
  if (typeof entry.issue.comments === "number") entry.issue.comments = Math.max(0, entry.issue.comments - 1);
  return true;
}

/** The reactions to one of the entry's comments, oldest first. */
export function reactionsOf(entry: GithubSnapshotEntry, commentId: number | undefined): RestReaction[] {
  const all = entry.reactions;
  if (commentId === undefined || typeof all !== "object" || all === null) return [];
  const list = Object.hasOwn(all, String(commentId)) ? all[String(commentId)] : undefined;
  return Array.isArray(list) ? list : [];
}
