/**
 * The shapes a Jira snapshot file holds, which are also the shapes the in-memory Jira keeps its
 * issues in: Jira REST v3 issues as `GET /rest/api/3/issue/{key}?expand=changelog` returns them,
 * with every comment (and its properties) under `fields.comment.comments`, every history under
 * `changelog.histories`, and the issue properties by key under `properties`.
 */
import type { JiraIssue } from "../to-core-issue.ts";

/**
 * One issue: `{ id, key, fields: {…, comment: {comments}}, changelog: {histories}, names?,
 * properties? }`. The hidden-key ledger is the issue property `issue-shepherd`; each comment the
 * tool wrote carries its keys as the comment property of the same name.
 */
export type JiraSnapshotIssue = JiraIssue;

/** A field of the site as `/rest/api/3/field` lists it (a snapshot's `fields`). */
export interface JiraSnapshotField {
  id: string;
  name: string;
  [key: string]: unknown;
}

export interface JiraSnapshot {
  tracker: "jira";
  /** The accountId the tool writes as in this snapshot (its own identity); default: the first `bot.logins`. */
  self?: string;
  /** The fields of the site (`/rest/api/3/field`), for field names; optional. */
  fields?: JiraSnapshotField[];
  /** Jira REST v3 issues with `fields`, `fields.comment` and `changelog`. */
  issues: JiraSnapshotIssue[];
  [key: string]: unknown;
}
