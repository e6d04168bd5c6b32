/**
 * The REST endpoints of the fake GitHub, over the in-memory state. Answers follow the shapes of
 * the contract (issue, issue-comment, label, timeline event, issue-field(-value)); pagination
 * uses `per_page`/`page` and a Link header as GitHub does.
 */
import type { RestIssueFieldValue, RestUser } from "../../../src/github/rest-types.ts";
import type { FakeIssue, FakeState } from "./fake-state.ts";

export interface RestAnswer {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

const notFound: RestAnswer = { status: 404, body: { message: "Not Found", documentation_url: "https://docs.github.com/rest" } };

function page<T>(items: readonly T[], url: URL, base: string): RestAnswer {
  const perPage = Math.min(Number(url.searchParams.get("per_page") ?? 30) || 30, 100);
  const number = Math.max(Number(url.searchParams.get("page") ?? 1) || 1, 1);
  const slice = items.slice((number - 1) * perPage, number * perPage);
  const headers: Record<string, string> = {};
  if (number * perPage < items.length) {
    const next = new URL(url.toString());
    next.searchParams.set("page", String(number + 1));
    next.searchParams.set("per_page", String(perPage));
    const last = new URL(next.toString());
    last.searchParams.set("page", String(Math.ceil(items.length / perPage)));
    const path = (u: URL) => `${base}${u.pathname.replace(/^\/api\/v3/, "")}${u.search}`;
    headers.link = `<${path(next)}>; rel="next", <${path(last)}>; rel="last"`;
  }
  return { status: 200, body: slice, headers };
}

const labelObject = (name: string) => ({ id: name.length, node_id: `L_${name}`, name, color: "ededed", default: false, description: null, url: "" });

function withFullLabels(entry: FakeIssue): unknown {
  return { ...entry.issue, labels: entry.issue.labels.map((l) => labelObject(l.name)), comments: entry.comments.length };
}

function commentObject(state: FakeState, body: string): FakeIssue["comments"][number] {
  const id = state.id();
  const at = state.iso();
  return { id, node_id: `IC_${id}`, body, user: { ...state.viewer }, author_association: "NONE", created_at: at, updated_at: at, html_url: "" };
}

/** Answer one REST request. */
export function handleRest(state: FakeState, method: string, path: string, url: URL, body: unknown, base: string): RestAnswer {
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
  if (parts[0] !== "repos" || parts.length < 4) return notFound;
  const [, owner = "", repoName = "", collection, numberText, sub, subId] = parts;
  const repo = state.repo(owner, repoName);
  if (repo === undefined) return notFound;
  if (collection !== "issues") return notFound;

  // /repos/{o}/{r}/issues
  if (numberText === undefined) {
    if (method !== "GET") return notFound;
    const wanted = url.searchParams.get("state") ?? "open";
    const since = url.searchParams.get("since");
    const issues = [...repo.issues.values()]
      .filter((e) => wanted === "all" || e.issue.state === wanted)
      .filter((e) => since === null || Date.parse(e.issue.updated_at ?? "") >= Date.parse(since))
      .sort((a, b) => b.issue.number - a.issue.number)
      .map(withFullLabels);
    return page(issues, url, base);
  }
  // /repos/{o}/{r}/issues/comments/{id}
  if (numberText === "comments") {
    const found = state.findComment(owner, repoName, Number(sub));
    if (found === undefined) return notFound;
    if (method === "GET") return { status: 200, body: found.comment };
    if (method === "DELETE") {
      found.entry.comments = found.entry.comments.filter((c) => c !== found.comment);
      found.entry.issue.updated_at = state.iso();
      return { status: 204, body: undefined };
    }
    if (method === "PATCH") {
      found.comment.body = (typeof data.body === "string" ? data.body : "");
      found.comment.updated_at = state.iso();
      return { status: 200, body: found.comment };
    }
    return notFound;
  }
  const entry = repo.issues.get(Number(numberText));
  if (entry === undefined) return notFound;
  const issue = entry.issue;

  if (sub === undefined) {
    if (method === "GET") return { status: 200, body: withFullLabels(entry) };
    if (method === "PATCH") {
      if (data.state === "closed" && issue.state !== "closed") {
        issue.state = "closed";
        const reason = typeof data.state_reason === "string" ? data.state_reason : "completed";
        issue.state_reason = reason;
        issue.closed_at = state.iso();
        state.event(entry, { event: "closed", state_reason: reason });
      } else if (data.state === "open" && issue.state !== "open") {
        issue.state = "open";
        issue.state_reason = "reopened";
        issue.closed_at = null;
        state.event(entry, { event: "reopened" });
      }
      return { status: 200, body: withFullLabels(entry) };
    }
    return notFound;
  }
  switch (`${method} ${sub}`) {
    case "GET comments": {
      // `since` keeps comments updated at or after the instant, as GitHub does.
      const since = url.searchParams.get("since");
      const comments = since === null ? entry.comments : entry.comments.filter((c) => Date.parse(c.updated_at ?? "") >= Date.parse(since));
      return page(comments, url, base);
    }
    case "GET timeline":
      return page(state.timelineOf(entry), url, base);
    case "POST comments": {
      const comment = commentObject(state, (typeof data.body === "string" ? data.body : ""));
      entry.comments.push(comment);
      issue.updated_at = state.iso();
      return { status: 201, body: comment };
    }
    case "POST labels": {
      const raw = Array.isArray(data.labels) ? (data.labels as unknown[]) : [];
      for (const label of raw) {
        const name = typeof label === "string" ? label : String((label as { name?: string }).name);
        // GitHub creates a label the repository does not have yet.
        state.ensureLabel(repo, name);
        if (issue.labels.some((l) => l.name === name)) continue;
        issue.labels.push({ name });
        state.event(entry, { event: "labeled", label: { name } });
      }
      return { status: 200, body: issue.labels.map((l) => labelObject(l.name)) };
    }
    case "DELETE labels": {
      const name = subId ?? "";
      if (!issue.labels.some((l) => l.name === name)) return { status: 404, body: { message: "Label does not exist" } };
      issue.labels = issue.labels.filter((l) => l.name !== name);
      state.event(entry, { event: "unlabeled", label: { name } });
      return { status: 200, body: issue.labels.map((l) => labelObject(l.name)) };
    }
    case "POST assignees": {
      const logins = Array.isArray(data.assignees) ? (data.assignees as string[]) : [];
      for (const login of logins) {
        // GitHub leaves out, without an error, people who cannot be assigned.
        if (state.unassignable.has(login) || issue.assignees.some((a) => a.login === login)) continue;
        const user: RestUser = { login, type: "User" };
        issue.assignees.push(user);
        state.event(entry, { event: "assigned", assignee: user });
      }
      return { status: 201, body: withFullLabels(entry) };
    }
    case "GET issue-field-values":
      return page(issue.issue_field_values ?? [], url, base);
    case "POST issue-field-values": {
      const fields = state.issueFields.get(repo.owner.toLowerCase()) ?? [];
      const values = (Array.isArray(data.issue_field_values) ? data.issue_field_values : []) as { field_id: number; value: unknown }[];
      const current: RestIssueFieldValue[] = [...(issue.issue_field_values ?? [])];
      for (const { field_id, value } of values) {
        const field = fields.find((f) => f.id === field_id);
        if (field === undefined) return { status: 422, body: { message: `Unknown issue field ${field_id}` } };
        const option = field.options?.find((o) => o.name === value);
        if (field.data_type === "single_select" && option === undefined) return { status: 422, body: { message: `Unknown option ${String(value)}` } };
        const next: RestIssueFieldValue = {
          issue_field_id: field.id,
          issue_field_name: field.name,
          node_id: field.node_id,
          data_type: field.data_type,
          value: option !== undefined ? option.id : (value as string | number),
          ...(option !== undefined ? { single_select_option: { id: option.id, name: option.name, color: option.color ?? "gray" } } : {}),
        };
        const at = current.findIndex((v) => v.issue_field_id === field.id);
        if (at >= 0) current[at] = next;
        else current.push(next);
      }
      issue.issue_field_values = current;
      issue.updated_at = state.iso();
      return { status: 200, body: current };
    }
    case "DELETE issue-field-values": {
      issue.issue_field_values = (issue.issue_field_values ?? []).filter((v) => String(v.issue_field_id) !== subId);
      return { status: 204, body: undefined };
    }
    default:
      return notFound;
  }
}
