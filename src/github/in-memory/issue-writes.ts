/**
 * The changes GitHub makes to an issue, shared by its REST endpoints and GraphQL mutations: each
 * records the timeline event GitHub records, by the token's user, and changes nothing when the
 * issue is already as asked. The caller hands the entry back to the store.
 */
import type { RestUser } from "../rest-types.ts";
import type { InMemoryGitHubState } from "./in-memory-state.ts";
import { assigneesOf, type GithubSnapshotEntry, labelNames } from "./snapshot-entry.ts";

const hasLabel = (entry: GithubSnapshotEntry, name: string): boolean => labelNames(entry.issue).some((l) => l.toLowerCase() === name.toLowerCase());

/** Add a label to the issue with a `labeled` event, unless it has it (any case). */
export function addLabel(state: InMemoryGitHubState, entry: GithubSnapshotEntry, name: string): boolean {
  if (hasLabel(entry, name)) return false;
  if (Array.isArray(entry.issue.labels)) entry.issue.labels.push({ name });
  else entry.issue.labels = [{ name }];
  state.event(entry, { event: "labeled", label: { name } });
  return true;
}

/** Remove a label (any case) with an `unlabeled` event; false when the issue lacks it. */
export function removeLabel(state: InMemoryGitHubState, entry: GithubSnapshotEntry, name: string): boolean {
  const labels = Array.isArray(entry.issue.labels) ? entry.issue.labels : [];
  const index = labels.findIndex((l) => (typeof l === "string" ? l : l.name ?? "").toLowerCase() === name.toLowerCase());
  if (index < 0) return false;
  const [removed] = labels.splice(index, 1);
  state.event(entry, { event: "unlabeled", label: { name: (typeof removed === "string" ? removed : removed?.name) ?? name } });
  return true;
}

/** Assign people (GitHub leaves out, without an error, those who cannot be assigned). */
export function assign(state: InMemoryGitHubState, entry: GithubSnapshotEntry, users: readonly RestUser[]): void {
  const issue = entry.issue;
  for (const user of users) {
    const assignees = assigneesOf(issue);
    if (state.unassignable.has(user.login ?? "") || assignees.some((a) => a.login?.toLowerCase() === user.login?.toLowerCase())) continue;
    issue.assignees = [...assignees, user];
    issue.assignee ??= user;
    state.event(entry, { event: "assigned", assignee: user });
  }
}

/** Close the issue with a reason (an open issue only; closing a closed one changes nothing). */
export function closeIssue(state: InMemoryGitHubState, entry: GithubSnapshotEntry, reason: string): void {
  const issue = entry.issue;
  if (issue.state === "closed") return;
  Object.assign(issue, { state: "closed", state_reason: reason, closed_at: state.iso(), closed_by: { ...state.viewer } });
  state.event(entry, { event: "closed", state_reason: reason });
}

/** Reopen a closed issue. */
export function reopenIssue(state: InMemoryGitHubState, entry: GithubSnapshotEntry): void {
  const issue = entry.issue;
  if (issue.state !== "closed") return;
  Object.assign(issue, { state: "open", state_reason: "reopened", closed_at: null });
  state.event(entry, { event: "reopened" });
}

