/**
 * Snapshot files: a whole tracker's issues as JSON, in the shapes the tracker's REST
 * API returns, so that a snapshot can be exported from a live tracker and audited offline, and an
 * audit can write its changes back in the same shapes.
 */
import type { GithubSnapshotEntry } from "../github/in-memory/snapshot-entry.ts";
import type { JiraIssue } from "../jira/to-core-issue.ts";

/** One GitHub issue with its comments and timeline, as the REST API returns them. */
export type { GithubSnapshotEntry } from "../github/in-memory/snapshot-entry.ts";

export interface GithubSnapshot {
  tracker: "github";
  /** The login the tool writes as in this snapshot (its own identity); default: the first `bot.logins`. */
  self?: string;
  /** `OWNER/REPO`. */
  repository: string;
  issues: GithubSnapshotEntry[];
  [key: string]: unknown;
}

export interface JiraSnapshot {
  tracker: "jira";
  /** The accountId the tool writes as in this snapshot (its own identity); default: the first `bot.logins`. */
  self?: string;
  /** The fields of the site (`/rest/api/3/field`), for field names; optional. */
  fields?: { id: string; name: string; [key: string]: unknown }[];
  /** Jira REST v3 issues with `fields`, `fields.comment` and `changelog`. */
  issues: JiraIssue[];
  [key: string]: unknown;
}

export type Snapshot = GithubSnapshot | JiraSnapshot;
