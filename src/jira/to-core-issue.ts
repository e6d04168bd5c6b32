/**
 * Jira Cloud REST v3 issues (with `fields`, `fields.comment` and `changelog`) → the
 * tracker-neutral issue. Pure: the caller fetches the issue (or reads a snapshot).
 * Every field may be missing or odd; such a field is treated as absent.
 */
import type { CloseReason, Comment, FieldValue, HistoryEvent, Issue, Person, StatusCategory } from "../core/model.ts";
import { readMarkerKeys } from "../core/text/hidden-key.ts";
import { JIRA_CAPABILITIES } from "./capabilities.ts";
import { adfToText } from "./adf.ts";
import { isAdfDoc } from "./adf-types.ts";

/** A Jira user (`UserDetails`). */
export interface JiraUser {
  accountId?: string;
  displayName?: string;
  /** `atlassian`, `app` or `customer`. */
  accountType?: string;
  [key: string]: unknown;
}

/** An entity property (`{key, value}`), as on comments and issues. */
export interface JiraProperty {
  key?: string;
  value?: unknown;
}

export interface JiraComment {
  id?: string;
  author?: JiraUser | null;
  /** ADF in REST v3; a string in v2 and some exports. */
  body?: unknown;
  created?: string;
  updated?: string;
  /** Jira Service Management: false for internal notes. */
  jsdPublic?: boolean;
  /** Set when the comment is restricted to a role or group. */
  visibility?: unknown;
  properties?: JiraProperty[];
  [key: string]: unknown;
}

export interface JiraChangeItem {
  field?: string;
  fieldId?: string;
  fieldtype?: string;
  from?: string | null;
  fromString?: string | null;
  to?: string | null;
  /**
   * The new value as text. Typed `unknown` because every object has an inherited `toString`
   * method: read it with an own-property check.
   */
  toString?: unknown;
}

export interface JiraHistory {
  id?: string;
  created?: string;
  author?: JiraUser | null;
  items?: JiraChangeItem[];
  [key: string]: unknown;
}

export interface JiraStatus {
  name?: string;
  statusCategory?: { key?: string; [key: string]: unknown };
  [key: string]: unknown;
}

export interface JiraIssue {
  id?: string;
  key?: string;
  self?: string;
  fields?: Record<string, unknown> & {
    summary?: string;
    description?: unknown;
    labels?: string[];
    status?: JiraStatus | null;
    priority?: { name?: string; [key: string]: unknown } | null;
    comment?: { comments?: JiraComment[]; [key: string]: unknown };
  };
  changelog?: { histories?: JiraHistory[]; [key: string]: unknown };
  /** Field id → name (`expand=names`). */
  names?: Record<string, string>;
  /** Issue properties by key (`properties=…`). */
  properties?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface JiraConversionOptions {
  /** Account ids to treat as automation besides app users (the rules' bot logins): a role only. */
  botAccountIds: readonly string[];
  /**
   * The account the tool's token belongs to (`/myself`, or the account a snapshot is written as):
   * the only one whose comments count as the tool's own (`Person.self`). Without it nobody is.
   */
  selfAccountId?: string | undefined;
  /** Field id → name, from `/rest/api/3/field` (or the issue's `names`). */
  fieldNames?: Record<string, string>;
  /**
   * Issue properties by key. The property `issue-shepherd` may hold `{comments: {[id]: key}}`,
   * the hidden keys of the tool's comments when they are not stored on the comments themselves.
   */
  properties?: Record<string, unknown>;
  /** Status name → category, from `/rest/api/3/status`; improves close/reopen detection in history. */
  statusCategories?: Record<string, StatusCategory>;
}

/** The key of the comment property and issue property the tool writes. */
export const PROPERTY_KEY = "issue-shepherd";

/** Fields left out of `Issue.fields`: read into their own parts of the model, or too large. */
const SKIPPED_FIELDS = new Set(["comment", "worklog", "attachment", "issuelinks", "subtasks", "watches", "votes"]);

/** Status names that mean done where nothing else tells the category. */
const DONE_NAMES = new Set(["done", "closed", "resolved", "完成", "已完成", "已关闭", "已解决"]);

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

const readString = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

function readInstant(value: unknown): number | undefined {
  if (typeof value !== "string" || value === "") return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

/** The status category key as the model knows it; Jira's "No category" counts as in progress. */
export function toStatusCategory(key: unknown): StatusCategory {
  return key === "new" || key === "done" ? key : "indeterminate";
}

/** A category for a status name where Jira did not say: done for Done/Closed/Resolved/完成. */
export function guessStatusCategory(name: string): StatusCategory {
  return DONE_NAMES.has(name.trim().toLowerCase()) ? "done" : "indeterminate";
}

/** Resolution name → close reason. Anything not known to mean "not done" counts as completed. */
export function toCloseReason(resolution: string | null | undefined): CloseReason {
  const name = (resolution ?? "").toLowerCase().replaceAll("’", "'");
  if (name.includes("duplicate")) return "duplicate";
  if (/won'?t|wont|declined|rejected|cannot reproduce|can't reproduce|incomplete|obsolete|not a bug/.test(name)) {
    return "not_planned";
  }
  return "completed";
}

/** Who counts as what while converting one issue. */
interface People {
  bots: ReadonlySet<string>;
  self: string | undefined;
}

function toPerson(user: unknown, people: People): Person {
  if (!isRecord(user)) return { id: "unknown" };
  const accountId = readString(user.accountId);
  const id = accountId ?? readString(user.name) ?? readString(user.key) ?? "unknown";
  const person: Person = { id };
  const name = readString(user.displayName);
  if (name !== undefined && name !== "") person.name = name;
  // Only the account id identifies the tool: names and keys are not unique on Jira Cloud.
  const self = people.self !== undefined && accountId === people.self;
  if (user.accountType === "app" || people.bots.has(id) || self) person.bot = true;
  if (self) person.self = true;
  return person;
}

/** A field value as core text, option names or a number; objects Jira uses for values are unwrapped. */
export function flattenJiraValue(value: unknown): FieldValue {
  if (value === null || value === undefined) return null;
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") return value;
  if (Array.isArray(value)) {
    return (value as unknown[]).flatMap((item) => {
      const flat = flattenJiraValue(item);
      if (flat === null) return [];
      return Array.isArray(flat) ? (flat as string[]) : [String(flat)];
    });
  }
  if (isAdfDoc(value)) return adfToText(value);
  if (!isRecord(value)) return null;
  // Jira Service Management's satisfaction field: `{ rating: 1–5 }`.
  if (typeof value.rating === "number") return value.rating;
  for (const key of ["accountId", "value", "name", "key", "displayName"]) {
    const text = readString(value[key]);
    if (text !== undefined) return text;
  }
  return null;
}

/**
 * The hidden keys of a comment (one, or several for a digest): its comment property, the issue
 * property's entry for it, or a marker ending its text. Any of these can be written by whoever can edit the comment or the
 * issue, so a key says only which notice a comment claims to be; the core trusts it only on the
 * tool's own comments (`Person.self`).
 */
function commentKeys(comment: JiraComment, text: string, byId: Record<string, unknown>): string[] | undefined {
  if (Array.isArray(comment.properties)) {
    for (const property of comment.properties) {
      if (!isRecord(property) || property.key !== PROPERTY_KEY || !isRecord(property.value)) continue;
      const keys = [...new Set([...readKeys(property.value.key), ...readKeys(property.value.keys)])];
      if (keys.length > 0) return keys;
    }
  }
  const id = readString(comment.id);
  const fromIssue = id === undefined || !Object.hasOwn(byId, id) ? [] : readKeys(byId[id]);
  return fromIssue.length > 0 ? fromIssue : readMarkerKeys(text);
}

/** A key, or a digest's list of keys (the ledger and comment properties hold either). */
function readKeys(value: unknown): string[] {
  if (typeof value === "string") return value === "" ? [] : [value];
  return Array.isArray(value) ? value.filter((key): key is string => typeof key === "string" && key !== "") : [];
}

function toComment(comment: unknown, people: People, keysById: Record<string, unknown>): Comment[] {
  if (!isRecord(comment)) return [];
  const c = comment as JiraComment;
  const id = readString(c.id) ?? (typeof c.id === "number" ? String(c.id) : undefined);
  if (id === undefined) return [];
  const body = adfToText(c.body);
  const result: Comment = {
    id,
    author: toPerson(c.author, people),
    body,
    createdAt: readInstant(c.created) ?? 0,
    public: c.jsdPublic !== false && (c.visibility === undefined || c.visibility === null),
  };
  const updatedAt = readInstant(c.updated);
  if (updatedAt !== undefined) result.updatedAt = updatedAt;
  const keys = commentKeys(c, body, keysById);
  if (keys?.[0] !== undefined) result.key = keys[0];
  if (keys !== undefined && keys.length > 1) result.keys = keys;
  return [result];
}

/**
 * A string property of a change item. `toString` must be read as an own property: on an item
 * without one, `item.toString` is `Object.prototype.toString`.
 */
function itemText(item: JiraChangeItem, name: keyof JiraChangeItem): string | null {
  const value: unknown = Object.hasOwn(item, name) ? item[name] : undefined;
  return typeof value === "string" ? value : null;
}

const words = (text: unknown): string[] => (typeof text === "string" ? text.split(/\s+/).filter((w) => w !== "") : []);

/** The history events of one changelog entry. */
function toEvents(
  history: JiraHistory,
  people: People,
  categoryOf: (name: string) => StatusCategory,
): HistoryEvent[] {
  const at = readInstant(history.created);
  if (at === undefined || !Array.isArray(history.items)) return [];
  const base = isRecord(history.author) ? { at, actor: toPerson(history.author, people) } : { at };
  const items = history.items.filter(isRecord);
  const fieldOf = (item: JiraChangeItem): string => itemText(item, "fieldId") ?? itemText(item, "field") ?? "";
  const resolution = items.find((item) => fieldOf(item) === "resolution");
  const resolvedTo = resolution === undefined ? undefined : itemText(resolution, "toString");
  const events: HistoryEvent[] = [];
  for (const item of items) {
    const field = fieldOf(item);
    const from = itemText(item, "fromString");
    const to = itemText(item, "toString");
    if (field === "labels") {
      const before = words(from);
      const after = words(to);
      // Sets: a change of many labels costs one look-up per label, not a scan of the others.
      const had = new Set(before);
      const has = new Set(after);
      for (const label of after) if (!had.has(label)) events.push({ ...base, kind: "labeled", label });
      for (const label of before) if (!has.has(label)) events.push({ ...base, kind: "unlabeled", label });
    } else if (field === "status") {
      events.push({ ...base, kind: "status", from, to });
      // The changelog names statuses but not their categories; a resolution set in the same change is the surest sign.
      const wasDone = from !== null && categoryOf(from) === "done";
      const isDone = resolvedTo !== undefined ? resolvedTo !== null : to !== null && categoryOf(to) === "done";
      if (!wasDone && isDone) {
        events.push(
          typeof resolvedTo === "string"
            ? { ...base, kind: "closed", reason: toCloseReason(resolvedTo) }
            : { ...base, kind: "closed" },
        );
      } else if (wasDone && !isDone) {
        events.push({ ...base, kind: "reopened" });
      }
    } else if (field === "priority") {
      events.push({ ...base, kind: "priority", from, to });
    } else if (field === "assignee") {
      const before = itemText(item, "from");
      const after = itemText(item, "to");
      if (before !== null && before !== "") events.push({ ...base, kind: "unassigned", assignee: before });
      if (after !== null && after !== "") events.push({ ...base, kind: "assigned", assignee: after });
    } else if (field === "issuetype") {
      events.push({ ...base, kind: "type", from, to });
    } else {
      events.push({ ...base, kind: "field", field: itemText(item, "field") ?? field, from, to });
    }
  }
  return events;
}

/** The browse link of an issue, from its API `self` link. */
function browseUrl(self: unknown, key: string): string | undefined {
  if (typeof self !== "string") return undefined;
  try {
    return `${new URL(self).origin}/browse/${key}`;
  } catch {
    return undefined;
  }
}

/** Convert one Jira issue. */
export function toCoreIssueFromJira(issue: JiraIssue, options: JiraConversionOptions): Issue {
  const people: People = {
    bots: new Set(options.botAccountIds),
    self: options.selfAccountId === undefined || options.selfAccountId === "" ? undefined : options.selfAccountId,
  };
  const fields: Record<string, unknown> = isRecord(issue.fields) ? issue.fields : {};
  const names = new Map<string, unknown>([
    ...Object.entries(isRecord(issue.names) ? issue.names : {}),
    ...Object.entries(options.fieldNames ?? {}),
  ]);
  const key = readString(issue.key) ?? readString(issue.id) ?? "?";
  const status = isRecord(fields.status) ? fields.status : undefined;
  const statusName = readString(status?.name);
  const category = toStatusCategory(isRecord(status?.statusCategory) ? status.statusCategory.key : undefined);
  const closed = statusName !== undefined && category === "done";
  const known = new Map(Object.entries(options.statusCategories ?? {}));
  if (statusName !== undefined) known.set(statusName, category);
  const categoryOf = (name: string): StatusCategory => known.get(name) ?? guessStatusCategory(name);

  const flat: Record<string, FieldValue> = {};
  for (const [id, value] of Object.entries(fields)) {
    if (SKIPPED_FIELDS.has(id)) continue;
    const flattened = flattenJiraValue(value);
    flat[id] = flattened;
    const name = names.get(id);
    if (typeof name === "string" && name !== "" && !Object.hasOwn(flat, name)) flat[name] = flattened;
  }

  const issueProperty = (options.properties ?? (isRecord(issue.properties) ? issue.properties : {}))[PROPERTY_KEY];
  const keysById = isRecord(issueProperty) && isRecord(issueProperty.comments) ? issueProperty.comments : {};
  const commentList = isRecord(fields.comment) && Array.isArray(fields.comment.comments) ? fields.comment.comments : [];
  const histories = isRecord(issue.changelog) && Array.isArray(issue.changelog.histories) ? issue.changelog.histories : [];

  const result: Issue = {
    capabilities: JIRA_CAPABILITIES,
    id: key,
    title: readString(fields.summary) ?? "",
    body: adfToText(fields.description),
    labels: Array.isArray(fields.labels) ? fields.labels.filter((label): label is string => typeof label === "string") : [],
    state: closed ? "closed" : "open",
    nativePriority: isRecord(fields.priority) ? (readString(fields.priority.name) ?? null) : null,
    fields: flat,
    author: toPerson(fields.reporter ?? fields.creator, people),
    assignees: isRecord(fields.assignee) ? [toPerson(fields.assignee, people)] : [],
    // 0 = unknown (the core then runs no clocks). Never `updated`: it moves with every write,
    // so clocks started from it would restart on each run.
    createdAt: readInstant(fields.created) ?? 0,
    comments: commentList
      .flatMap((comment: unknown) => toComment(comment, people, keysById))
      .sort((a, b) => a.createdAt - b.createdAt),
    history: histories
      .flatMap((history: unknown) => (isRecord(history) ? toEvents(history, people, categoryOf) : []))
      .sort((a, b) => a.at - b.at),
  };
  const url = browseUrl(issue.self, key);
  if (url !== undefined) result.url = url;
  if (statusName !== undefined) result.status = { name: statusName, category };
  const type = isRecord(fields.issuetype) ? readString(fields.issuetype.name) : undefined;
  if (type !== undefined) result.type = type;
  const updatedAt = readInstant(fields.updated);
  if (updatedAt !== undefined) result.updatedAt = updatedAt;
  if (closed) {
    result.closeReason = toCloseReason(isRecord(fields.resolution) ? readString(fields.resolution.name) : undefined);
    const closedAt = readInstant(fields.resolutiondate) ?? readInstant(fields.statuscategorychangedate);
    if (closedAt !== undefined) result.closedAt = closedAt;
  }
  return result;
}
