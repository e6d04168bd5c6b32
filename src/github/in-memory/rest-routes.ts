/**
 * The REST endpoints of the in-memory GitHub, over its state. Answers follow the shapes of
 * GitHub's REST API (issue, issue-comment, label, timeline event, issue-field(-value));
 * pagination uses `per_page`/`page` and a Link header as GitHub does.
 */
import type { RestComment, RestIssueFieldValue, RestUser } from "../rest-types.ts";
import type { InMemoryGitHubState, InMemoryRepo } from "./in-memory-state.ts";
import { createIssue, narrowMatches, readIssueRequest, readNarrowFilter } from "./issue-creation.ts";
import { addLabel, assign, closeIssue, removeLabel, reopenIssue } from "./issue-writes.ts";
import type { ListingFilter } from "./issue-listing.ts";
import { searchIssues } from "./search-issues.ts";
import { addComment, assigneesOf, commentsOf, type GithubSnapshotEntry, labelNames, removeComment } from "./snapshot-entry.ts";

export interface RestAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const notFound: RestAnswer = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };

const unprocessable = (message: string): RestAnswer => ({ status: 422, body: { message, documentation_url: "https://docs.github.com/rest" } });

/** `per_page` (1–100, default 30) and `page` (from 1) of a request. */
function paging(url: URL): { perPage: number; number: number } {
  const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30) || 30, 100);
  const number = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
  return { perPage, number };
}

/** The Link header of a page: next and last, as GitHub gives them. */
function linkHeader(url: URL, base: string, number: number, perPage: number, total: number): Record<string, string> {
  if (number * perPage >= total) return {};
  const next = new URL(url.toString());
  next.searchParams.set("page", String(number + 1));
  next.searchParams.set("per_page", String(perPage));
  const last = new URL(next.toString());
  last.searchParams.set("page", String(Math.ceil(total / perPage)));
  const path = (u: URL) => `${base}${u.pathname.replace(/^\/api\/v3/, "")}${u.search}`;
  return { link: `<${path(next)}>; rel="next", <${path(last)}>; rel="last"` };
}

function page<T>(items: readonly T[], url: URL, base: string): RestAnswer {
  const { perPage, number } = paging(url);
  const slice = items.slice((number - 1) * perPage, number * perPage);
  return { status: 200, body: slice, headers: linkHeader(url, base, number, perPage, items.length) };
}

const labelObject = (repo: InMemoryRepo, name: string) => {
  const id = `L_${repo.owner}_${repo.name}_${name}`;
  return { id: name.length, node_id: id, name, color: repo.labels.get(name.toLowerCase())?.color ?? "ededed", default: false, description: null, url: "" };
};

/** The issue as REST answers it: label objects, an assignee list, the number of comments. */
function issueObject(repo: InMemoryRepo, entry: GithubSnapshotEntry): unknown {
  const issue = entry.issue;
  const assignees = assigneesOf(issue);
  return {
    ...issue,
    // GitHub always answers a state; an entry without one is open, as the listings read it.
    state: issue.state === "closed" ? "closed" : "open",
    labels: labelNames(issue).map((name) => labelObject(repo, name)),
    assignees,
    assignee: issue.assignee ?? assignees[0] ?? null,
    comments: commentsOf(entry).length,
  };
}

function commentObject(state: InMemoryGitHubState, body: string): RestComment & { id: number } {
  const id = state.id();
  const at = state.iso();
  return { id, node_id: `IC_${id}`, body, user: { ...state.viewer }, author_association: "NONE", created_at: at, updated_at: at, html_url: "" };
}

/** GET /repos/{o}/{r}/issues: newest first, issues and pull requests, paged by number. */
function listIssues(state: InMemoryGitHubState, repo: InMemoryRepo, url: URL, base: string): RestAnswer {
  const wanted = url.searchParams.get("state") ?? "open";
  const since = url.searchParams.get("since");
  const filter: ListingFilter = { open: wanted === "all" ? undefined : wanted !== "closed", since: since === null ? undefined : Date.parse(since) };
  const narrow = readNarrowFilter(url);
  if (narrow !== undefined) {
    // Narrowed listings (by label, by creator) are short: one pass over the store, newest first.
    const entries: GithubSnapshotEntry[] = [];
    for (const entry of repo.issues.values()) {
      const open = entry.issue.state !== "closed";
      if ((filter.open === undefined || open === filter.open) && (filter.since === undefined || Date.parse(entry.issue.updated_at ?? "") >= filter.since) && narrowMatches(entry, narrow)) entries.push(entry);
    }
    const ascending = url.searchParams.get("direction") === "asc";
    entries.sort((a, b) => (ascending ? 1 : -1) * ((a.issue.number ?? 0) - (b.issue.number ?? 0)));
    return page(entries.map((entry) => issueObject(repo, entry)), url, base);
  }
  const { perPage, number } = paging(url);
  const listing = repo.listing.page({ field: "number", direction: -1 }, filter, (number - 1) * perPage - 1, perPage, number === 1 ? state.request : undefined);
  const body = listing.rows.flatMap(({ row }) => {
    const entry = repo.store.get(row.key);
    return entry === undefined ? [] : [issueObject(repo, entry)];
  });
  return { status: 200, body, headers: linkHeader(url, base, number, perPage, listing.totalCount) };
}

function readBody(data: Record<string, unknown>): string {
  return typeof data.body === "string" ? data.body : "";
}

function setFieldValues(state: InMemoryGitHubState, repo: InMemoryRepo, entry: GithubSnapshotEntry, data: Record<string, unknown>): RestAnswer {
  const issue = entry.issue;
  const fields = state.issueFields.get(repo.owner.toLowerCase()) ?? [];
  const values = (Array.isArray(data.issue_field_values) ? data.issue_field_values : []) as { field_id: number; value: unknown }[];
  const current: RestIssueFieldValue[] = [...(Array.isArray(issue.issue_field_values) ? issue.issue_field_values : [])];
  for (const { field_id, value } of values) {
    const field = fields.find((f) => f.id === field_id);
    if (field === undefined) return unprocessable(`Unknown issue field ${field_id}`);
    const option = field.options?.find((o) => o.name === value);
    if (field.data_type === "single_select" && option === undefined) return unprocessable(`Unknown option ${String(value)}`);
    const next: RestIssueFieldValue = {
      issue_field_id: field.id,
      issue_field_name: field.name,
      node_id: field.node_id,
      data_type: field.data_type,
      value: option !== undefined ? option.id : (value as string | number),
      ...(option !== undefined ? { single_select_option: { id: option.id, name: option.name, color: option.color ?? "gray" } } : {}),
    };
    // A value written by hand may lack the field's id: it is the field's value by name.
    const at = current.findIndex((v) => v.issue_field_id === field.id || (v.issue_field_id === undefined && v.issue_field_name?.toLowerCase() === field.name.toLowerCase()));
    if (at >= 0) current[at] = next;
    else current.push(next);
  }
  issue.issue_field_values = current;
  issue.updated_at = state.iso();
  state.save(repo, entry);
  return { status: 200, body: current };
}

/** /repos/{o}/{r}/issues/comments/{id}: found through the comment index. */
function commentById(state: InMemoryGitHubState, method: string, owner: string, repoName: string, id: number, data: Record<string, unknown>): RestAnswer {
  const found = state.findComment(owner, repoName, id);
  if (found === undefined) return notFound;
  const { repo, entry, copies } = found;
  if (method === "GET") return { status: 200, body: copies[0] };
  if (method === "DELETE") {
    removeComment(entry, id);
    repo.index.forgetComment(id);
    entry.issue.updated_at = state.iso();
    state.save(repo, entry);
    return { status: 204, body: undefined };
  }
  if (method === "PATCH") {
    const at = state.iso();
    for (const copy of copies) Object.assign(copy, { body: readBody(data), updated_at: at });
    state.save(repo, entry);
    return { status: 200, body: copies[0] };
  }
  return notFound;
}

/** Answer one REST request; `base` is the REST base URL (for Link headers). */
export function handleRest(state: InMemoryGitHubState, method: string, path: string, url: URL, body: unknown, base: string): RestAnswer {
  const parts = path.split("/").slice(1).map(decodeURIComponent);
  const data = (body ?? {}) as Record<string, unknown>;

  if (parts[0] === "orgs" && parts[2] === "issue-fields" && method === "GET" && parts.length === 3) {
    const fields = state.issueFields.get((parts[1] ?? "").toLowerCase());
    return fields === undefined ? notFound : { status: 200, body: fields };
  }
  if (parts[0] === "orgs" && parts[2] === "issue-types" && method === "GET" && parts.length === 3) {
    const types = state.issueTypes.get((parts[1] ?? "").toLowerCase());
    return types === undefined ? notFound : { status: 200, body: types.map((name, i) => ({ id: i + 1, node_id: `IT_${i}`, name, description: null })) };
  }
  if (parts[0] === "search" && parts[1] === "issues" && parts.length === 2) return method === "GET" ? searchIssues(state, url, issueObject) : notFound;
  if (parts[0] !== "repos" || parts.length < 4) return notFound;
  const [, owner = "", repoName = "", collection, numberText, sub, subId] = parts;
  const repo = state.repo(owner, repoName);
  if (repo === undefined || collection !== "issues") return notFound;

  if (numberText === undefined) {
    if (method === "GET") return listIssues(state, repo, url, base);
    if (method !== "POST") return notFound;
    const request = readIssueRequest(data);
    if (typeof request === "string") return unprocessable(request);
    const created = createIssue(state, repo, request);
    return { status: 201, body: issueObject(repo, created) };
  }
  if (numberText === "comments") return commentById(state, method, owner, repoName, Number(sub), data);
  const entry = /^\d+$/.test(numberText) ? repo.store.get(numberText) : undefined;
  if (entry === undefined) return notFound;
  repo.index.note(numberText, entry);
  const save = (answer: RestAnswer): RestAnswer => {
    state.save(repo, entry);
    return answer;
  };

  if (sub === undefined) {
    if (method === "GET") return { status: 200, body: issueObject(repo, entry) };
    if (method === "PATCH") {
      if (data.state === "closed") closeIssue(state, entry, typeof data.state_reason === "string" ? data.state_reason : "completed");
      else if (data.state === "open") reopenIssue(state, entry);
      const edits = { ...(typeof data.title === "string" ? { title: data.title } : {}), ...(typeof data.body === "string" || data.body === null ? { body: data.body } : {}) };
      if (Object.keys(edits).length > 0) {
        // A title change is a `renamed` event on the timeline; a body edit is none.
        if (edits.title !== undefined && edits.title !== entry.issue.title) state.event(entry, { event: "renamed", rename: { from: entry.issue.title ?? "", to: edits.title } });
        Object.assign(entry.issue, edits, { updated_at: state.iso() });
      }
      return save({ status: 200, body: issueObject(repo, entry) });
    }
    return notFound;
  }
  switch (`${method} ${sub}`) {
    case "GET comments": {
      // `since` keeps comments updated at or after the instant, as GitHub does.
      const since = url.searchParams.get("since");
      const all = commentsOf(entry);
      return page(since === null ? all : all.filter((c) => Date.parse(c.updated_at ?? "") >= Date.parse(since)), url, base);
    }
    case "GET timeline":
      return page(state.timelineOf(entry), url, base);
    case "POST comments": {
      const comment = commentObject(state, readBody(data));
      addComment(entry, comment);
      entry.issue.updated_at = state.iso();
      return save({ status: 201, body: comment });
    }
    case "POST labels": {
      const raw = Array.isArray(data.labels) ? (data.labels as unknown[]) : [];
      for (const label of raw) {
        const name = typeof label === "string" ? label : String((label as { name?: string }).name);
        // GitHub creates a label the repository does not have yet, and applies an existing one
        // under its own spelling.
        addLabel(state, entry, state.ensureLabel(repo, name).name);
      }
      return save({ status: 200, body: labelNames(entry.issue).map((name) => labelObject(repo, name)) });
    }
    case "DELETE labels": {
      if (!removeLabel(state, entry, subId ?? "")) return { status: 404, body: { message: "Label does not exist", documentation_url: "https://docs.github.com/rest" } };
      return save({ status: 200, body: labelNames(entry.issue).map((name) => labelObject(repo, name)) });
    }
    case "POST assignees": {
      const logins = Array.isArray(data.assignees) ? (data.assignees as unknown[]).filter((l): l is string => typeof l === "string") : [];
      assign(state, entry, logins.map((login): RestUser => ({ login, type: "User" })));
      return save({ status: 201, body: issueObject(repo, entry) });
    }
    case "GET issue-field-values":
      return page(Array.isArray(entry.issue.issue_field_values) ? entry.issue.issue_field_values : [], url, base);
    case "POST issue-field-values":
      return setFieldValues(state, repo, entry, data);
    case "DELETE issue-field-values": {
      const values = Array.isArray(entry.issue.issue_field_values) ? entry.issue.issue_field_values : [];
      const kept = values.filter((v) => String(v.issue_field_id) !== subId);
      if (kept.length !== values.length) {
        entry.issue.issue_field_values = kept;
        entry.issue.updated_at = state.iso();
      }
      return save({ status: 204, body: undefined });
    }
    default:
      return notFound;
  }
}
