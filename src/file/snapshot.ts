/**
 * Snapshot files: a whole tracker's issues as JSON, in the shapes the tracker's REST
 * API returns, so that a snapshot can be exported from a live tracker and audited offline, and an
 * audit can write its changes back in the same shapes.
 */
import type { GithubSnapshotEntry } from "../github/in-memory/snapshot-entry.ts";
import type { JiraSnapshot } from "../jira/in-memory/snapshot-types.ts";

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

/** A Jira snapshot: the shapes the in-memory Jira keeps its issues in. */
export type { JiraSnapshot, JiraSnapshotIssue } from "../jira/in-memory/snapshot-types.ts";

export type Snapshot = GithubSnapshot | JiraSnapshot;
