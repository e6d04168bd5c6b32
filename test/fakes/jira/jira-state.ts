/**
 * The fake Jira's in-memory site: issues with fields, comments (with properties), changelog
 * histories and issue properties, and the mutations the endpoints make — each recorded in the
 * changelog by the calling account, as Jira does.
 */
import {
  adf,
  CATEGORIES,
  FIELDS,
  fieldJson,
  jiraTime,
  PRIORITIES,
  type SeedIssue,
  type SeedUser,
  SITE,
  STATUSES,
  statusJson,
  TRANSITIONS,
  USERS,
  userJson,
} from "./seed.ts";

export interface StoredComment {
  id: string;
  author: SeedUser;
  body: unknown;
  created: number;
  updated: number;
  jsdPublic: boolean;
  properties: { key: string; value: unknown }[];
}

export interface StoredHistory {
  id: string;
  author: SeedUser;
  created: number;
  items: Record<string, unknown>[];
}

export interface StoredIssue {
  id: string;
  key: string;
  fields: Record<string, unknown>;
  comments: StoredComment[];
  histories: StoredHistory[];
  properties: Map<string, unknown>;
}

export class JiraError extends Error {
  readonly status: number;
  readonly body: unknown;
  constructor(status: number, messages: string[], errors: Record<string, string> = {}) {
    super(messages.join("; ") || Object.values(errors).join("; "));
    this.status = status;
    this.body = { errorMessages: messages, errors };
  }
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

export class JiraState {
  readonly issues = new Map<string, StoredIssue>();
  readonly users = new Map<string, SeedUser>(Object.values(USERS).map((user) => [user.accountId, user]));
  me: SeedUser = USERS.bot;
  now: () => number;
  #nextId = 20_000;

  constructor(now: () => number) {
    this.now = now;
  }

  nextId(): string {
    this.#nextId += 1;
    return String(this.#nextId);
  }

  add(seed: SeedIssue): StoredIssue {
    const status = STATUSES.find((candidate) => candidate.name === (seed.status ?? "To Do")) ?? STATUSES[0];
    if (status === undefined) throw new Error("no statuses");
    const done = status.category === "done";
    const fields: Record<string, unknown> = {
      summary: seed.summary,
      description: adf(seed.description),
      issuetype: { self: `${SITE}/rest/api/3/issuetype/10004`, id: "10004", name: "Support", subtask: false, hierarchyLevel: 0 },
      project: { self: `${SITE}/rest/api/3/project/10000`, id: "10000", key: seed.key.split("-")[0], name: "Support", projectTypeKey: "service_desk" },
      status: statusJson(status),
      priority: seed.priority === null || seed.priority === undefined ? null : this.priorityJson(seed.priority),
      labels: [...(seed.labels ?? [])],
      components: [],
      reporter: userJson(seed.reporter ?? USERS.reporter),
      creator: userJson(seed.reporter ?? USERS.reporter),
      assignee: seed.assignee === null || seed.assignee === undefined ? null : userJson(seed.assignee),
      created: jiraTime(seed.created),
      updated: jiraTime(seed.created),
      resolution: done ? { self: `${SITE}/rest/api/3/resolution/10000`, id: "10000", name: "Done", description: "" } : null,
      resolutiondate: done ? jiraTime(seed.created) : null,
      statuscategorychangedate: jiraTime(seed.created),
      environment: null,
      customfield_10050: null,
      customfield_10051: null,
      customfield_10052: null,
      customfield_10053: null,
      customfield_10054: null,
      customfield_10055: null,
      ...seed.extraFields,
    };
    const issue: StoredIssue = {
      id: seed.id,
      key: seed.key,
      fields,
      comments: (seed.comments ?? []).map((comment) => ({
        id: comment.id,
        author: comment.author,
        body: adf(comment.text),
        created: comment.at,
        updated: comment.at,
        jsdPublic: comment.jsdPublic ?? true,
        properties: comment.properties ?? [],
      })),
      histories: (seed.histories ?? []).map((history) => ({ id: history.id, author: history.author, created: history.at, items: history.items })),
      properties: new Map(Object.entries(seed.properties ?? {})),
    };
    this.issues.set(issue.key, issue);
    return issue;
  }

  get(idOrKey: string): StoredIssue {
    const issue = this.issues.get(idOrKey) ?? [...this.issues.values()].find((candidate) => candidate.id === idOrKey);
    if (issue === undefined) throw new JiraError(404, ["Issue does not exist or you do not have permission to see it."]);
    return issue;
  }

  priorityJson(name: string): Record<string, unknown> {
    const index = PRIORITIES.indexOf(name);
    if (index === -1) throw new JiraError(400, [], { priority: `Specify a valid 'id' or 'name' for Priority` });
    return { self: `${SITE}/rest/api/3/priority/${index + 1}`, iconUrl: `${SITE}/images/icons/priorities/${name.toLowerCase()}.svg`, name, id: String(index + 1) };
  }

  /** Record one change by the caller, as Jira does for every edit made through the API. */
  record(issue: StoredIssue, items: Record<string, unknown>[]): void {
    if (items.length === 0) return;
    issue.histories.push({ id: this.nextId(), author: this.me, created: this.now(), items });
    issue.fields.updated = jiraTime(this.now());
  }

  setLabels(issue: StoredIssue, next: string[]): void {
    const before = (issue.fields.labels as string[] | undefined) ?? [];
    const after = [...new Set(next)];
    if (after.length === before.length && after.every((label, index) => label === before[index])) return;
    for (const label of after) {
      if (/\s/.test(label)) throw new JiraError(400, [], { labels: "The label 'x y' contains spaces which is invalid." });
    }
    issue.fields.labels = after;
    this.record(issue, [{ field: "labels", fieldtype: "jira", fieldId: "labels", from: null, fromString: before.join(" "), to: null, toString: after.join(" ") }]);
  }

  setField(issue: StoredIssue, id: string, value: unknown): void {
    if (id === "labels") {
      if (!Array.isArray(value)) throw new JiraError(400, [], { labels: "labels must be an array" });
      this.setLabels(issue, value.map(String));
      return;
    }
    if (id === "priority") {
      const name = isRecord(value) ? (typeof value.name === "string" ? value.name : (PRIORITIES[Number(value.id) - 1] ?? "")) : "";
      const before = isRecord(issue.fields.priority) ? String(issue.fields.priority.name) : null;
      issue.fields.priority = this.priorityJson(name);
      if (before !== name) this.record(issue, [{ field: "priority", fieldtype: "jira", fieldId: "priority", from: null, fromString: before, to: null, toString: name }]);
      return;
    }
    const field = FIELDS.find((candidate) => candidate.id === id);
    if (field === undefined || ["status", "reporter", "resolution"].includes(id)) {
      throw new JiraError(400, [], { [id]: `Field '${id}' cannot be set. It is not on the appropriate screen, or unknown.` });
    }
    const schema = field.schema ?? {};
    if (schema.type === "option" && value !== null && !(isRecord(value) && typeof value.value === "string")) {
      throw new JiraError(400, [], { [id]: "Specify a valid 'id' or 'name' for the option" });
    }
    if (typeof schema.custom === "string" && schema.custom.endsWith(":textarea") && value !== null && !(isRecord(value) && value.type === "doc")) {
      throw new JiraError(400, [], { [id]: "Operation value must be an Atlassian Document (see the Atlassian Document Format)" });
    }
    issue.fields[id] = value;
    this.record(issue, [{ field: field.name, fieldtype: field.custom ? "custom" : "jira", fieldId: id, from: null, fromString: null, to: null, toString: JSON.stringify(value) }]);
  }

  assign(issue: StoredIssue, accountId: string | null): void {
    const user = accountId === null ? undefined : this.users.get(accountId);
    if (accountId !== null && user === undefined) throw new JiraError(400, [], { assignee: `User '${accountId}' does not exist.` });
    const before = isRecord(issue.fields.assignee) ? issue.fields.assignee : null;
    issue.fields.assignee = user === undefined ? null : userJson(user);
    this.record(issue, [
      {
        field: "assignee",
        fieldtype: "jira",
        fieldId: "assignee",
        from: before === null ? null : String(before.accountId),
        fromString: before === null ? null : String(before.displayName),
        to: accountId,
        toString: user?.displayName ?? null,
      },
    ]);
  }

  transitionsFor(issue: StoredIssue): Record<string, unknown>[] {
    const current = isRecord(issue.fields.status) ? issue.fields.status.name : undefined;
    return TRANSITIONS.filter((transition) => transition.to !== current).map((transition) => {
      const status = STATUSES.find((candidate) => candidate.name === transition.to);
      return {
        id: transition.id,
        name: transition.name,
        to: status === undefined ? {} : statusJson(status),
        hasScreen: transition.hasScreen,
        isGlobal: true,
        isInitial: false,
        isAvailable: true,
        isConditional: false,
        isLooped: false,
      };
    });
  }

  transition(issue: StoredIssue, transitionId: string, resolution: string | undefined): void {
    const transition = TRANSITIONS.find((candidate) => candidate.id === transitionId);
    const current = isRecord(issue.fields.status) ? String(issue.fields.status.name) : "";
    if (transition === undefined || transition.to === current) {
      throw new JiraError(400, [`Transition id '${transitionId}' is not valid for this issue.`]);
    }
    if (resolution !== undefined && !transition.hasScreen) {
      throw new JiraError(400, [], { resolution: "Field 'resolution' cannot be set. It is not on the appropriate screen, or unknown." });
    }
    const status = STATUSES.find((candidate) => candidate.name === transition.to);
    if (status === undefined) throw new Error(`no status ${transition.to}`);
    const wasDone = isRecord(issue.fields.status) && isRecord(issue.fields.status.statusCategory) && issue.fields.status.statusCategory.key === "done";
    const isDone = status.category === "done";
    const items: Record<string, unknown>[] = [
      { field: "status", fieldtype: "jira", fieldId: "status", from: null, fromString: current, to: status.id, toString: status.name },
    ];
    issue.fields.status = statusJson(status);
    if (wasDone !== isDone) {
      issue.fields.statuscategorychangedate = jiraTime(this.now());
      const name = isDone ? (resolution ?? "Done") : null;
      const before = isRecord(issue.fields.resolution) ? String(issue.fields.resolution.name) : null;
      issue.fields.resolution = name === null ? null : { self: `${SITE}/rest/api/3/resolution/10000`, id: "10000", name, description: "" };
      issue.fields.resolutiondate = name === null ? null : jiraTime(this.now());
      items.push({ field: "resolution", fieldtype: "jira", fieldId: "resolution", from: null, fromString: before, to: null, toString: name });
    }
    this.record(issue, items);
  }

  addComment(issue: StoredIssue, body: unknown, properties: { key: string; value: unknown }[], author: SeedUser = this.me): StoredComment {
    if (!isRecord(body) || body.type !== "doc") throw new JiraError(400, [], { comment: "Comment body is not valid!" });
    const comment: StoredComment = { id: this.nextId(), author, body, created: this.now(), updated: this.now(), jsdPublic: true, properties };
    issue.comments.push(comment);
    issue.fields.updated = jiraTime(this.now());
    return comment;
  }

  commentJson(issue: StoredIssue, comment: StoredComment, withProperties: boolean): Record<string, unknown> {
    return {
      self: `${SITE}/rest/api/3/issue/${issue.id}/comment/${comment.id}`,
      id: comment.id,
      author: userJson(comment.author),
      body: comment.body,
      updateAuthor: userJson(comment.author),
      created: jiraTime(comment.created),
      updated: jiraTime(comment.updated),
      jsdPublic: comment.jsdPublic,
      ...(withProperties ? { properties: comment.properties } : {}),
    };
  }

  historyJson(history: StoredHistory): Record<string, unknown> {
    return { id: history.id, author: userJson(history.author), created: jiraTime(history.created), items: history.items };
  }

  /** The issue as GET /issue (or the search) returns it, with the first `page` comments and histories. */
  issueJson(issue: StoredIssue, options: { changelog: boolean; properties: string[]; page: number }): Record<string, unknown> {
    const comments = issue.comments.slice(0, options.page).map((comment) => this.commentJson(issue, comment, false));
    const json: Record<string, unknown> = {
      expand: "renderedFields,names,schema,operations,editmeta,changelog,versionedRepresentations",
      id: issue.id,
      self: `${SITE}/rest/api/3/issue/${issue.id}`,
      key: issue.key,
      fields: { ...issue.fields, comment: { comments, self: `${SITE}/rest/api/3/issue/${issue.id}/comment`, maxResults: options.page, total: issue.comments.length, startAt: 0 } },
    };
    if (options.changelog) {
      json.changelog = {
        startAt: 0,
        maxResults: options.page,
        total: issue.histories.length,
        histories: issue.histories.slice(0, options.page).map((history) => this.historyJson(history)),
      };
    }
    if (options.properties.length > 0) {
      const wanted = options.properties.includes("*all") ? [...issue.properties.keys()] : options.properties;
      json.properties = Object.fromEntries(wanted.filter((key) => issue.properties.has(key)).map((key) => [key, issue.properties.get(key)]));
    }
    return json;
  }

  statusCategoryOf(issue: StoredIssue): string {
    const status = issue.fields.status;
    return isRecord(status) && isRecord(status.statusCategory) ? String(status.statusCategory.key) : CATEGORIES.new.key;
  }

  allFields(): Record<string, unknown>[] {
    return FIELDS.map(fieldJson);
  }

  allStatuses(): Record<string, unknown>[] {
    return STATUSES.map(statusJson);
  }
}
