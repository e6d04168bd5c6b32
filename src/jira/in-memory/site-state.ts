/**
 * The in-memory Jira site: issues kept in an issue store in their REST v3 shape, and the changes
 * the endpoints make to them as Jira Cloud makes them — each field change recorded in the
 * changelog by the calling account, `updated` bumped, comments with their properties, issue
 * properties, workflow transitions that set and clear the resolution. Every change is handed
 * back to the store (`set`), since a store may hand out copies.
 */
import type { IssueStore } from "../../core/issue-store.ts";
import type { JiraChangeItem, JiraComment, JiraHistory } from "../to-core-issue.ts";
import { flattenJiraValue } from "../to-core-issue.ts";
import { JiraError, noSuchIssue } from "./jira-error.ts";
import { isRecord } from "../../core/json-checks.ts";
import { type JiraSite, jiraTime, SiteJson, type SiteStatus, type SiteTransition, type SiteUser, type StatusCategoryKey } from "./site.ts";
import type { JiraSnapshotIssue } from "./snapshot-types.ts";

export interface SiteStateOptions {
  store: IssueStore<JiraSnapshotIssue>;
  site: JiraSite;
  /** The calling account's accountId (`/myself`): author of every change. */
  me: string;
  /** The clock written on changes (epoch ms). */
  now: () => number;
}

/** A comment property as sent and stored. */
export interface EntityProperty {
  key: string;
  value: unknown;
}

type Fields = Record<string, unknown>;

const ADF_SYSTEM_FIELDS = new Set(["description", "environment"]);
const READ_ONLY_FIELDS = new Set(["status", "reporter", "resolution", "creator", "created", "updated", "resolutiondate", "project", "comment"]);

const display = (value: unknown): string | null => {
  const flat = flattenJiraValue(value);
  return flat === null ? null : Array.isArray(flat) ? flat.join(" ") : String(flat);
};

const isDoc = (value: unknown): boolean => isRecord(value) && value.type === "doc";

export function fieldsOf(entry: JiraSnapshotIssue): Fields {
  entry.fields ??= {};
  return entry.fields;
}

/** The comments of an entry, creating the holder when it has none. */
export function commentsOf(entry: JiraSnapshotIssue): JiraComment[] {
  const fields = fieldsOf(entry);
  if (!isRecord(fields.comment)) fields.comment = { comments: [] };
  const holder = fields.comment as { comments?: JiraComment[] };
  if (!Array.isArray(holder.comments)) holder.comments = [];
  return holder.comments;
}

/** The changelog histories of an entry, creating them when it has none. */
export function historiesOf(entry: JiraSnapshotIssue): JiraHistory[] {
  entry.changelog ??= {};
  if (!Array.isArray(entry.changelog.histories)) entry.changelog.histories = [];
  return entry.changelog.histories;
}

/** Keep a holder's counters (`total`, `maxResults`), where it has them, in step with its list. */
function recount(holder: Record<string, unknown>, length: number): void {
  for (const counter of ["total", "maxResults"]) if (typeof holder[counter] === "number") holder[counter] = length;
}

export class JiraSiteState {
  readonly store: IssueStore<JiraSnapshotIssue>;
  readonly site: JiraSite;
  readonly json: SiteJson;
  readonly users = new Map<string, SiteUser>();
  now: () => number;
  me: SiteUser;
  #nextId: number;
  #keysById: Map<string, string> | undefined;

  constructor(options: SiteStateOptions) {
    this.store = options.store;
    this.site = options.site;
    this.json = new SiteJson(options.site.baseUrl);
    this.now = options.now;
    for (const user of options.site.users) this.users.set(user.accountId, user);
    const me = this.users.get(options.me) ?? { accountId: options.me, displayName: options.me, accountType: "app" };
    this.users.set(me.accountId, me);
    this.me = me;
    this.#nextId = options.site.largestId;
  }

  /** A fresh id, larger than any in use. */
  nextId(): string {
    this.#nextId += 1;
    return String(this.#nextId);
  }

  /** The store key of an issue named by key (any case) or id. */
  keyOf(idOrKey: string): string {
    if (this.store.has(idOrKey)) return idOrKey;
    const upper = idOrKey.toUpperCase();
    if (this.store.has(upper)) return upper;
    if (this.#keysById === undefined) {
      this.#keysById = new Map();
      for (const key of this.store.keys()) {
        const id = this.store.get(key)?.id;
        if (typeof id === "string") this.#keysById.set(id, key);
      }
    }
    const key = this.#keysById.get(idOrKey);
    if (key === undefined || !this.store.has(key)) throw noSuchIssue();
    return key;
  }

  /** The issue as stored (for a Map store, the live entry). */
  get(idOrKey: string): JiraSnapshotIssue {
    const entry = this.store.get(this.keyOf(idOrKey));
    if (entry === undefined) throw noSuchIssue();
    return entry;
  }

  /** Add an issue (or replace the one with its key). */
  add(entry: JiraSnapshotIssue): void {
    const key = String(entry.key);
    this.store.set(key, entry);
    if (typeof entry.id === "string") this.#keysById?.set(entry.id, key);
    const largest = Number(entry.id);
    if (Number.isSafeInteger(largest) && largest > this.#nextId) this.#nextId = largest;
  }

  /** Change one issue and hand it back to the store. */
  change<T>(idOrKey: string, edit: (entry: JiraSnapshotIssue) => T): T {
    const key = this.keyOf(idOrKey);
    const entry = this.store.get(key);
    if (entry === undefined) throw noSuchIssue();
    const result = edit(entry);
    this.store.set(key, entry);
    return result;
  }

  userJson(user: SiteUser): Record<string, unknown> {
    return this.json.user(user);
  }

  /** Record one change by the caller, as Jira does for every edit made through the API. */
  record(entry: JiraSnapshotIssue, items: JiraChangeItem[]): void {
    if (items.length === 0) return;
    const histories = historiesOf(entry);
    histories.push({ id: this.nextId(), author: this.json.user(this.me), created: jiraTime(this.now()), items });
    recount(entry.changelog as Record<string, unknown>, histories.length);
    fieldsOf(entry).updated = jiraTime(this.now());
  }

  /** A change item as Jira writes it: system fields by id, custom fields by name, values as text. */
  #item(id: string, before: unknown, after: unknown, ids: { from?: string | null; to?: string | null } = {}): JiraChangeItem {
    const field = this.site.fields.find((candidate) => candidate.id === id);
    const custom = field?.custom ?? id.startsWith("customfield_");
    return { field: custom ? (field?.name ?? id) : id, fieldtype: custom ? "custom" : "jira", fieldId: id, from: ids.from ?? null, fromString: display(before), to: ids.to ?? null, toString: display(after) };
  }

  setLabels(entry: JiraSnapshotIssue, next: readonly string[]): void {
    const fields = fieldsOf(entry);
    const before = Array.isArray(fields.labels) ? (fields.labels as unknown[]).map(String) : [];
    const after = [...new Set(next)];
    for (const label of after) {
      if (label === "" || /\s/.test(label)) throw new JiraError(400, [], { labels: `The label '${label}' contains spaces which is invalid.` });
    }
    if (after.length === before.length && after.every((label, index) => label === before[index])) return;
    fields.labels = after;
    this.record(entry, [{ ...this.#item("labels", null, null), fromString: before.join(" "), toString: after.join(" ") }]);
  }

  /** `PUT /issue/{key}`: `update` (labels add/remove/set) and `fields`. */
  editIssue(idOrKey: string, body: Record<string, unknown>): void {
    this.change(idOrKey, (entry) => {
      const update = isRecord(body.update) ? body.update : {};
      for (const [field, operations] of Object.entries(update)) {
        if (field !== "labels") throw new JiraError(400, [], { [field]: `Field '${field}' cannot be set. It is not on the appropriate screen, or unknown.` });
        const fields = fieldsOf(entry);
        let labels = Array.isArray(fields.labels) ? (fields.labels as unknown[]).map(String) : [];
        for (const operation of Array.isArray(operations) ? (operations as unknown[]) : []) {
          if (!isRecord(operation)) continue;
          if (typeof operation.add === "string") labels = [...labels, operation.add];
          if (typeof operation.remove === "string") labels = labels.filter((label) => label !== operation.remove);
          if (Array.isArray(operation.set)) labels = operation.set.map(String);
        }
        this.setLabels(entry, labels);
      }
      for (const [field, value] of Object.entries(isRecord(body.fields) ? body.fields : {})) this.#setField(entry, field, value);
    });
  }

  #priority(value: unknown): Record<string, unknown> {
    const priorities = this.site.priorities;
    const index = isRecord(value)
      ? typeof value.name === "string"
        ? priorities.findIndex((name) => name.toLowerCase() === String(value.name).toLowerCase())
        : Number(value.id) - 1
      : -1;
    const name = priorities[index];
    if (name === undefined) throw new JiraError(400, [], { priority: "Specify a valid 'id' or 'name' for Priority" });
    return this.json.priority(name, index);
  }

  #setField(entry: JiraSnapshotIssue, id: string, value: unknown): void {
    const fields = fieldsOf(entry);
    if (id === "labels") {
      if (!Array.isArray(value)) throw new JiraError(400, [], { labels: "labels must be an array" });
      this.setLabels(entry, value.map(String));
      return;
    }
    if (id === "priority") {
      const before = isRecord(fields.priority) ? fields.priority : null;
      const after = this.#priority(value);
      fields.priority = after;
      if (before?.name !== after.name) this.record(entry, [this.#item("priority", before, after, { from: typeof before?.id === "string" ? before.id : null, to: String(after.id) })]);
      return;
    }
    if (id === "assignee") {
      this.#assign(entry, isRecord(value) && typeof value.accountId === "string" ? value.accountId : null);
      return;
    }
    const field = this.site.fields.find((candidate) => candidate.id === id);
    if (field === undefined || READ_ONLY_FIELDS.has(id)) {
      throw new JiraError(400, [], { [id]: `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.` });
    }
    const schema = field.schema ?? {};
    if ((schema.type === "option" || schema.type === "option-with-child") && value !== null && !(isRecord(value) && (typeof value.value === "string" || typeof value.id === "string"))) {
      throw new JiraError(400, [], { [id]: "Specify a valid 'id' or 'name' for the option" });
    }
    const adf = ADF_SYSTEM_FIELDS.has(id) || (typeof schema.custom === "string" && schema.custom.endsWith(":textarea"));
    if (adf && value !== null && !isDoc(value)) {
      throw new JiraError(400, [], { [id]: "Operation value must be an Atlassian Document (see the Atlassian Document Format)" });
    }
    if (schema.type === "array" && value !== null && !Array.isArray(value)) throw new JiraError(400, [], { [id]: `Field '${field.name}' expects a list of values.` });
    if (schema.type === "number" && value !== null && typeof value !== "number") throw new JiraError(400, [], { [id]: `Field '${field.name}' expects a number.` });
    if (id === "summary" && (typeof value !== "string" || value.trim() === "")) throw new JiraError(400, [], { summary: "You must specify a summary of the issue." });
    const before = fields[id];
    if (JSON.stringify(before ?? null) === JSON.stringify(value)) return;
    fields[id] = value;
    this.record(entry, [this.#item(id, before, value)]);
  }

  #assign(entry: JiraSnapshotIssue, accountId: string | null): void {
    const user = accountId === null ? undefined : (this.users.get(accountId) ?? (this.site.anyUser === true ? { accountId, displayName: accountId, accountType: "atlassian" } : undefined));
    if (accountId !== null && user === undefined) throw new JiraError(400, [], { assignee: `User '${accountId}' does not exist.` });
    const fields = fieldsOf(entry);
    const before = isRecord(fields.assignee) ? fields.assignee : null;
    const beforeId = typeof before?.accountId === "string" ? before.accountId : null;
    if (beforeId === accountId) return;
    fields.assignee = user === undefined ? null : this.json.user(user);
    this.record(entry, [
      {
        field: "assignee",
        fieldtype: "jira",
        fieldId: "assignee",
        from: beforeId,
        fromString: typeof before?.displayName === "string" ? before.displayName : beforeId,
        to: accountId,
        toString: user?.displayName ?? null,
      },
    ]);
  }

  /** `PUT /issue/{key}/assignee`. */
  assign(idOrKey: string, accountId: string | null): void {
    this.change(idOrKey, (entry) => this.#assign(entry, accountId));
  }

  #statusNamed(name: string): SiteStatus | undefined {
    const wanted = name.toLowerCase();
    return this.site.statuses.find((status) => status.name.toLowerCase() === wanted);
  }

  /** The status category of an issue (`new` when it has no status). */
  categoryOf(entry: JiraSnapshotIssue): StatusCategoryKey {
    const status = fieldsOf(entry).status;
    const key = isRecord(status) && isRecord(status.statusCategory) ? status.statusCategory.key : undefined;
    if (key === "new" || key === "indeterminate" || key === "done") return key;
    const named = isRecord(status) && typeof status.name === "string" ? this.#statusNamed(status.name) : undefined;
    return named?.category ?? "new";
  }

  #available(entry: JiraSnapshotIssue): SiteTransition[] {
    const status = fieldsOf(entry).status;
    const current = isRecord(status) && typeof status.name === "string" ? status.name.toLowerCase() : undefined;
    return this.site.transitions.filter((transition) => transition.to.toLowerCase() !== current);
  }

  /** `GET /issue/{key}/transitions`: the transitions from the issue's current status. */
  transitionsJson(idOrKey: string): Record<string, unknown>[] {
    return this.#available(this.get(idOrKey)).map((transition) => {
      const status = this.#statusNamed(transition.to);
      return {
        id: transition.id,
        name: transition.name,
        to: status === undefined ? {} : this.json.status(status),
        hasScreen: transition.hasScreen,
        isGlobal: true,
        isInitial: false,
        isAvailable: true,
        isConditional: false,
        isLooped: false,
      };
    });
  }

  #resolution(name: string): Record<string, unknown> {
    const index = this.site.resolutions.findIndex((candidate) => candidate.toLowerCase() === name.toLowerCase());
    const known = this.site.resolutions[index];
    if (known === undefined) throw new JiraError(400, [], { resolution: `Resolution '${name}' is not valid.` });
    return this.json.resolution(known, index);
  }

  /**
   * `POST /issue/{key}/transitions`. Entering a done status sets the resolution (the one sent, on
   * a transition with a screen; else the resolution named like the status, or Done), leaving one
   * clears it; Jira lists the resolution before the status in that change.
   */
  transition(idOrKey: string, transitionId: string, resolution: string | undefined): void {
    this.change(idOrKey, (entry) => {
      const transition = this.#available(entry).find((candidate) => candidate.id === transitionId);
      if (transition === undefined) throw new JiraError(400, [`Transition id '${transitionId}' is not valid for this issue.`]);
      if (resolution !== undefined && !transition.hasScreen) {
        throw new JiraError(400, [], { resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown." });
      }
      const status = this.#statusNamed(transition.to);
      if (status === undefined) throw new JiraError(500, [`The workflow leads to an unknown status '${transition.to}'.`]);
      const fields = fieldsOf(entry);
      const before = isRecord(fields.status) ? fields.status : null;
      const beforeCategory = this.categoryOf(entry);
      const beforeResolution = isRecord(fields.resolution) ? fields.resolution : null;
      const byStatus = this.site.resolutions.find((name) => name.toLowerCase() === status.name.toLowerCase()) ?? "Done";
      const wanted = status.category !== "done" ? null : (resolution ?? (beforeCategory === "done" && beforeResolution !== null ? String(beforeResolution.name) : byStatus));
      const after = wanted === null ? null : this.#resolution(wanted);
      const items: JiraChangeItem[] = [];
      if (display(beforeResolution) !== display(after)) {
        fields.resolution = after;
        if (after === null) fields.resolutiondate = null;
        else if (beforeResolution === null) fields.resolutiondate = jiraTime(this.now());
        items.push({
          field: "resolution",
          fieldtype: "jira",
          fieldId: "resolution",
          from: typeof beforeResolution?.id === "string" ? beforeResolution.id : null,
          fromString: display(beforeResolution),
          to: typeof after?.id === "string" ? after.id : null,
          toString: display(after),
        });
      }
      fields.status = this.json.status(status);
      items.push({ field: "status", fieldtype: "jira", fieldId: "status", from: typeof before?.id === "string" ? before.id : null, fromString: display(before), to: status.id, toString: status.name });
      if (beforeCategory !== status.category) fields.statuscategorychangedate = jiraTime(this.now());
      this.record(entry, items);
    });
  }

  /** `POST /issue/{key}/comment`; `author` is the caller unless a test says otherwise. */
  addComment(idOrKey: string, body: unknown, properties: readonly EntityProperty[], author: SiteUser = this.me): JiraComment {
    if (!isDoc(body)) throw new JiraError(400, [], { comment: "Comment body is not valid!" });
    return this.change(idOrKey, (entry) => {
      const time = jiraTime(this.now());
      const user = this.json.user(author);
      const comment: JiraComment = { id: this.nextId(), author: user, body, updateAuthor: user, created: time, updated: time, jsdPublic: true, properties: [...properties] };
      const list = commentsOf(entry);
      list.push(comment);
      recount(fieldsOf(entry).comment as Record<string, unknown>, list.length);
      fieldsOf(entry).updated = time;
      return comment;
    });
  }

  /** `PUT /issue/{key}/comment/{id}`: a new body; properties sent replace those of the same key. */
  updateComment(idOrKey: string, id: string, body: unknown, properties: readonly EntityProperty[] | undefined): JiraComment {
    return this.change(idOrKey, (entry) => {
      const comment = commentsOf(entry).find((candidate) => String(candidate.id) === id);
      if (comment === undefined) throw new JiraError(404, ["Can not find a comment for the id."]);
      if (!isDoc(body)) throw new JiraError(400, [], { comment: "Comment body is not valid!" });
      comment.body = body;
      comment.updated = jiraTime(this.now());
      comment.updateAuthor = this.json.user(this.me);
      for (const property of properties ?? []) {
        comment.properties = [...(comment.properties ?? []).filter((existing) => existing.key !== property.key), property];
      }
      fieldsOf(entry).updated = comment.updated;
      return comment;
    });
  }

  /** `DELETE /issue/{key}/comment/{id}`. */
  deleteComment(idOrKey: string, id: string): void {
    this.change(idOrKey, (entry) => {
      const list = commentsOf(entry);
      const index = list.findIndex((candidate) => String(candidate.id) === id);
      if (index === -1) throw new JiraError(404, ["Can not find a comment for the id."]);
      list.splice(index, 1);
      recount(fieldsOf(entry).comment as Record<string, unknown>, list.length);
    });
  }

  /** `GET /issue/{key}/properties/{propertyKey}`. */
  property(idOrKey: string, key: string): unknown {
    const properties = this.get(idOrKey).properties;
    if (!isRecord(properties) || !Object.hasOwn(properties, key)) throw new JiraError(404, [`The property with key '${key}' does not exist.`]);
    return properties[key];
  }

  /** `PUT /issue/{key}/properties/{propertyKey}`; true when the property existed. */
  setProperty(idOrKey: string, key: string, value: unknown): boolean {
    if (JSON.stringify(value ?? null).length > 32_768) throw new JiraError(400, ["The property value is too long."]);
    return this.change(idOrKey, (entry) => {
      const properties = isRecord(entry.properties) ? entry.properties : {};
      const existed = Object.hasOwn(properties, key);
      entry.properties = { ...properties, [key]: value };
      return existed;
    });
  }
}
