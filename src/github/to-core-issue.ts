/**
 * GitHub REST objects → the tracker-neutral issue. Pure: the caller fetches the issue,
 * its comments and its timeline (or reads them from a snapshot) and passes them in.
 */
import type { CloseReason, Comment, HistoryEvent, Issue, Person } from "../core/model.ts";
import { readMarkerKeys } from "../core/text/hidden-key.ts";
import { GITHUB_CAPABILITIES } from "./capabilities.ts";
import type { RestComment, RestIssue, RestTimelineEvent, RestUser } from "./rest-types.ts";
import { isRecord, readInstant, readIssueFields, readLabelName, readLabelNames, readString } from "./rest-values.ts";
import { loginIdentity } from "./viewer.ts";

export interface RestConversionOptions {
  /** Logins to treat as bots besides GitHub Apps and `*[bot]` accounts (a role, never trust). */
  botLogins: readonly string[];
  /**
   * The login the tool's token acts as (GraphQL `viewer`, or the login a snapshot is written
   * as): people with it are the tool itself (`Person.self`), with or without the `[bot]` suffix.
   * Without it nobody is.
   */
  selfLogin?: string | undefined;
  /** The issue field read as the native priority (default `Priority`, any case). */
  priorityField?: string;
}

/** GitHub shows deleted accounts as this user. */
const GHOST = "ghost";

/** The issue field whose value is the issue's native priority, unless the options name another. */
const PRIORITY_FIELD = "Priority";

/** Who counts as what while converting one issue. */
interface People {
  /** Lower-cased logins of `botLogins`. */
  bots: ReadonlySet<string>;
  /** `loginIdentity` of the tool's own login, if known. */
  self: string | undefined;
}

function toPerson(user: RestUser | null | undefined, association: unknown, people: People): Person {
  const login = isRecord(user) ? readString(user.login) : undefined;
  const id = login === undefined || login === "" ? GHOST : login;
  const person: Person = { id };
  if (isRecord(user) && typeof user.name === "string" && user.name !== "") person.name = user.name;
  const bot = (isRecord(user) && user.type === "Bot") || id.endsWith("[bot]") || people.bots.has(id.toLowerCase());
  if (bot) person.bot = true;
  if (people.self !== undefined && id !== GHOST && loginIdentity(id) === people.self) person.self = true;
  if (typeof association === "string" && association !== "") person.association = association;
  return person;
}

/** `completed`, `not_planned` or `duplicate`; anything else (`reopened`, null) is no reason. */
function toCloseReason(value: unknown): CloseReason | undefined {
  return value === "completed" || value === "not_planned" || value === "duplicate" ? value : undefined;
}

function toComment(comment: RestComment, people: People): Comment | undefined {
  const createdAt = readInstant(comment.created_at);
  if (typeof comment.id !== "number" && typeof comment.id !== "string") return undefined;
  const body = readString(comment.body) ?? "";
  const result: Comment = {
    id: String(comment.id),
    author: toPerson(comment.user, comment.author_association, people),
    body,
    createdAt: createdAt ?? 0,
    public: true,
  };
  const updatedAt = readInstant(comment.updated_at);
  if (updatedAt !== undefined) result.updatedAt = updatedAt;
  const keys = readMarkerKeys(body);
  if (keys?.[0] !== undefined) result.key = keys[0];
  if (keys !== undefined && keys.length > 1) result.keys = keys;
  return result;
}

/** Comments from the comments list and from `commented` timeline events, once each by id. */
function toComments(
  comments: readonly RestComment[],
  timeline: readonly RestTimelineEvent[],
  people: People,
): Comment[] {
  const byId = new Map<string, Comment>();
  const sources = [...comments, ...timeline.filter((event) => isRecord(event) && event.event === "commented")];
  for (const source of sources) {
    if (!isRecord(source)) continue;
    const comment = toComment(source, people);
    if (comment !== undefined && !byId.has(comment.id)) byId.set(comment.id, comment);
  }
  return [...byId.values()].sort((a, b) => a.createdAt - b.createdAt);
}

function toHistoryEvent(event: RestTimelineEvent, people: People): HistoryEvent | undefined {
  const at = readInstant(event.created_at);
  if (at === undefined) return undefined;
  const base = isRecord(event.actor) ? { at, actor: toPerson(event.actor, undefined, people) } : { at };
  const typeName = (value: unknown): string | null => (isRecord(value) ? (readString(value.name) ?? null) : null);
  switch (event.event) {
    case "labeled":
    case "unlabeled": {
      const label = readLabelName(event.label);
      return label === undefined ? undefined : { ...base, kind: event.event, label };
    }
    case "closed": {
      const reason = toCloseReason(event.state_reason);
      return reason === undefined ? { ...base, kind: "closed" } : { ...base, kind: "closed", reason };
    }
    case "reopened":
      return { ...base, kind: "reopened" };
    case "assigned":
    case "unassigned": {
      const login = isRecord(event.assignee) ? readString(event.assignee.login) : undefined;
      return login === undefined ? undefined : { ...base, kind: event.event, assignee: login };
    }
    case "issue_type_added":
      return { ...base, kind: "type", from: null, to: typeName(event.issue_type) };
    case "issue_type_changed":
      return { ...base, kind: "type", from: typeName(event.prev_issue_type), to: typeName(event.issue_type) };
    case "issue_type_removed":
      return { ...base, kind: "type", from: typeName(event.issue_type), to: null };
    default:
      return undefined;
  }
}

/**
 * Convert one GitHub issue with its comments and timeline. `repo` is `OWNER/REPO`. Every field
 * of the inputs may be missing: a missing field is treated as absent. A closed issue without a
 * `state_reason` (closed before GitHub had close reasons) counts as closed as completed, as
 * GitHub shows it.
 */
export function toCoreIssueFromRest(
  repo: string,
  issue: RestIssue,
  comments: readonly RestComment[],
  timeline: readonly RestTimelineEvent[],
  options: RestConversionOptions,
): Issue {
  const people: People = {
    bots: new Set(options.botLogins.map((login) => login.toLowerCase())),
    self: options.selfLogin === undefined || options.selfLogin.trim() === "" ? undefined : loginIdentity(options.selfLogin),
  };
  const safeComments = Array.isArray(comments) ? comments : [];
  const safeTimeline: RestTimelineEvent[] = Array.isArray(timeline) ? timeline.filter(isRecord) : [];
  const closed = issue.state === "closed";
  // 0 = unknown (the core then runs no clocks). Never `updated_at`: it moves with every write,
  // so clocks started from it would restart on each run.
  const createdAt = readInstant(issue.created_at) ?? 0;
  const fields = readIssueFields(issue.issue_field_values);
  const assigneeUsers = Array.isArray(issue.assignees)
    ? issue.assignees.filter(isRecord)
    : isRecord(issue.assignee)
      ? [issue.assignee]
      : [];

  const result: Issue = {
    capabilities: GITHUB_CAPABILITIES,
    id: `${repo}#${typeof issue.number === "number" ? issue.number : "?"}`,
    title: readString(issue.title) ?? "",
    body: readString(issue.body) ?? "",
    labels: readLabelNames(issue.labels),
    state: closed ? "closed" : "open",
    fields,
    author: toPerson(issue.user, issue.author_association, people),
    assignees: assigneeUsers.map((user) => toPerson(user, undefined, people)),
    createdAt,
    comments: toComments(safeComments, safeTimeline, people),
    history: safeTimeline
      .flatMap((event) => toHistoryEvent(event, people) ?? [])
      .sort((a, b) => a.at - b.at),
  };
  const url = readString(issue.html_url);
  if (url !== undefined) result.url = url;
  if (closed) result.closeReason = toCloseReason(issue.state_reason) ?? "completed";
  const type = isRecord(issue.type) ? readString(issue.type.name) : undefined;
  if (type !== undefined) result.type = type;
  const wanted = (options.priorityField ?? PRIORITY_FIELD).toLowerCase();
  const priorityField = Object.keys(fields).find((name) => name.toLowerCase() === wanted);
  if (priorityField !== undefined) {
    const value = fields[priorityField];
    result.nativePriority = typeof value === "string" ? value : null;
  }
  const updatedAt = readInstant(issue.updated_at);
  if (updatedAt !== undefined) result.updatedAt = updatedAt;
  const closedAt = closed ? readInstant(issue.closed_at) : undefined;
  if (closedAt !== undefined) result.closedAt = closedAt;
  if (isRecord(issue.pull_request)) result.pullRequest = true;
  return result;
}
