/**
 * Issues created through REST (`POST /repos/{o}/{r}/issues`) and the REST listing's narrowing by
 * `labels` and `creator`, as GitHub does them: a new issue takes the number after the largest in
 * the repository (pull requests share the sequence), is written by the token's user, and gets its
 * labels — created in the repository when missing — each with a `labeled` event; a listing with
 * `labels=a,b` keeps the issues that carry every one of them (any case), `creator` those opened by
 * that login.
 */
import type { InMemoryGitHubState, InMemoryRepo } from "./in-memory-state.ts";
import { addLabel } from "./issue-writes.ts";
import { labelNames, type GithubSnapshotEntry } from "./snapshot-entry.ts";

/** The largest issue or pull request number in the repository (0 when it has none). */
function largestNumber(repo: InMemoryRepo): number {
  let largest = 0;
  for (const number of repo.issues.keys()) if (Number.isFinite(number) && number > largest) largest = number;
  return largest;
}

/** What a create request asks for, read permissively. */
export interface IssueRequest {
  title: string;
  body: string;
  labels: string[];
}

/** The request body of `POST …/issues`, or why it is not one (GitHub answers 422). */
export function readIssueRequest(data: Record<string, unknown>): IssueRequest | string {
  const title = typeof data.title === "string" ? data.title : typeof data.title === "number" ? String(data.title) : "";
  if (title.trim() === "") return "Validation Failed: title is missing";
  const raw = Array.isArray(data.labels) ? (data.labels as unknown[]) : [];
  const labels = raw.flatMap((l) => (typeof l === "string" ? [l] : typeof (l as { name?: unknown } | null)?.name === "string" ? [(l as { name: string }).name] : []));
  return { title, body: typeof data.body === "string" ? data.body : "", labels };
}

/** Create an issue in the repository as the token's user; the entry is stored. */
export function createIssue(state: InMemoryGitHubState, repo: InMemoryRepo, request: IssueRequest): GithubSnapshotEntry {
  const number = largestNumber(repo) + 1;
  const at = state.iso();
  const id = state.id();
  const entry: GithubSnapshotEntry = {
    issue: {
      id,
      node_id: `I_kwDOm${id}`,
      number,
      title: request.title,
      body: request.body,
      labels: [],
      state: "open",
      state_reason: null,
      user: { ...state.viewer },
      author_association: "NONE",
      assignee: null,
      assignees: [],
      created_at: at,
      updated_at: at,
      closed_at: null,
      comments: 0,
      html_url: `https://github.com/${repo.owner}/${repo.name}/issues/${number}`,
    },
    comments: [],
    timeline: [],
  };
  for (const name of request.labels) addLabel(state, entry, state.ensureLabel(repo, name).name);
  repo.issues.set(number, entry);
  return entry;
}

/** The REST listing's narrowing beyond state and `since`. */
export interface NarrowFilter {
  /** Every one of these labels (lower case). */
  labels: string[];
  /** Opened by this login (lower case). */
  creator: string | undefined;
}

/** `labels` and `creator` of a listing URL; undefined when it has neither. */
export function readNarrowFilter(url: URL): NarrowFilter | undefined {
  const labels = (url.searchParams.get("labels") ?? "").split(",").map((l) => l.trim().toLowerCase()).filter((l) => l !== "");
  const creator = url.searchParams.get("creator")?.trim().toLowerCase() || undefined;
  return labels.length === 0 && creator === undefined ? undefined : { labels, creator };
}

/** Does the issue pass the narrowing? */
export function narrowMatches(entry: GithubSnapshotEntry, filter: NarrowFilter): boolean {
  const has = new Set(labelNames(entry.issue).map((l) => l.toLowerCase()));
  if (!filter.labels.every((l) => has.has(l))) return false;
  return filter.creator === undefined || (entry.issue.user?.login ?? "").toLowerCase() === filter.creator;
}
