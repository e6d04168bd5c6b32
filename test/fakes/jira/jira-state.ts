/**
 * The tests' Jira site: the in-memory Jira of `src/jira/in-memory` over a Map store, with the
 * fixed catalog of `seed.ts`, and the test-only conveniences around it — seeding issues from
 * `SeedIssue`s, and live views of a stored issue (`fields`, `comments`, `histories`,
 * `properties`) that tests read and change directly.
 */
import { createMapStore } from "../../../src/core/issue-store.ts";
import { createInMemoryJira, type InMemoryJira } from "../../../src/jira/in-memory/create-in-memory-jira.ts";
import { commentsOf, type EntityProperty, fieldsOf, historiesOf, type JiraSiteState } from "../../../src/jira/in-memory/site-state.ts";
import { DEFAULT_RESOLUTIONS, type JiraSite } from "../../../src/jira/in-memory/site.ts";
import type { JiraSnapshotIssue } from "../../../src/jira/in-memory/snapshot-types.ts";
import type { JiraHistory } from "../../../src/jira/to-core-issue.ts";
import { adf, FIELDS, jiraTime, PRIORITIES, type SeedIssue, type SeedUser, SITE, STATUSES, statusJson, TRANSITIONS, USERS, userJson } from "./seed.ts";

export { JiraError } from "../../../src/jira/in-memory/jira-error.ts";

/** A comment as a test describes it for a webhook payload (times in epoch ms). */
export interface StoredComment {
  id: string;
  author: SeedUser;
  body: unknown;
  created: number;
  updated: number;
  jsdPublic: boolean;
  properties: { key: string; value: unknown }[];
}

/** A stored comment as the site keeps it (REST shape, times as Jira text). */
export interface LiveComment {
  id: string;
  author: { accountId: string; displayName?: string; [key: string]: unknown };
  body: unknown;
  created: string;
  updated: string;
  jsdPublic?: boolean;
  properties: { key: string; value: unknown }[];
  [key: string]: unknown;
}

/** A live view of one stored issue: every read goes to the store, so it shows later changes. */
export interface StoredIssue {
  readonly id: string;
  readonly key: string;
  readonly fields: Record<string, unknown>;
  readonly comments: LiveComment[];
  readonly histories: JiraHistory[];
  /** The issue properties, read when asked for. */
  readonly properties: ReadonlyMap<string, unknown>;
}

/** The fixed site every fake Jira serves: the support preset's fields, statuses and workflow. */
export const SEED_SITE: JiraSite = {
  baseUrl: SITE,
  users: Object.values(USERS).map((user: SeedUser) => ({ ...user, timeZone: "Asia/Shanghai" })),
  fields: FIELDS,
  statuses: STATUSES,
  transitions: TRANSITIONS,
  priorities: PRIORITIES,
  resolutions: DEFAULT_RESOLUTIONS,
  largestId: 20_000,
};

/** A seed as the site stores it: `GET /issue?expand=changelog` with every comment, and its properties. */
export function seedEntry(seed: SeedIssue): JiraSnapshotIssue {
  const status = STATUSES.find((candidate) => candidate.name === (seed.status ?? "To Do")) ?? STATUSES[0];
  if (status === undefined) throw new Error("no statuses");
  const done = status.category === "done";
  const priorityName = seed.priority ?? undefined;
  const priority = priorityName === undefined ? null : PRIORITIES.indexOf(priorityName);
  if (priority === -1) throw new Error(`no priority ${String(priorityName)} on the seed site`);
  return {
    id: seed.id,
    key: seed.key,
    fields: {
      summary: seed.summary,
      description: adf(seed.description),
      issuetype: { self: `${SITE}/rest/api/3/issuetype/10004`, id: "10004", name: "Support", subtask: false, hierarchyLevel: 0 },
      project: { self: `${SITE}/rest/api/3/project/10000`, id: "10000", key: seed.key.split("-")[0], name: "Support", projectTypeKey: "service_desk" },
      status: statusJson(status),
      priority: priority === null || priorityName === undefined ? null : { self: `${SITE}/rest/api/3/priority/${priority + 1}`, iconUrl: `${SITE}/images/icons/priorities/${String(priorityName).toLowerCase()}.svg`, name: priorityName, id: String(priority + 1) },
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
      customfield_10056: null,
      ...seed.extraFields,
      comment: {
        comments: (seed.comments ?? []).map((comment) => ({
          id: comment.id,
          author: userJson(comment.author),
          body: adf(comment.text),
          updateAuthor: userJson(comment.author),
          created: jiraTime(comment.at),
          updated: jiraTime(comment.at),
          jsdPublic: comment.jsdPublic ?? true,
          properties: comment.properties ?? [],
        })),
      },
    },
    changelog: { histories: (seed.histories ?? []).map((history) => ({ id: history.id, author: userJson(history.author), created: jiraTime(history.at), items: history.items })) },
    properties: { ...seed.properties },
  };
}

export interface JiraStateOptions {
  embedPage?: number;
  searchPage?: number;
}

export class JiraState {
  /** The in-memory Jira the fake server answers through. */
  readonly jira: InMemoryJira;
  readonly site: JiraSiteState;

  constructor(now: () => number, options: JiraStateOptions = {}) {
    this.jira = createInMemoryJira({
      store: createMapStore<JiraSnapshotIssue>(),
      site: SEED_SITE,
      me: USERS.bot.accountId,
      now,
      ...(options.embedPage === undefined ? {} : { embedPage: options.embedPage }),
      ...(options.searchPage === undefined ? {} : { searchPage: options.searchPage }),
    });
    this.site = this.jira.state;
  }

  now(): number {
    return this.site.now();
  }

  nextId(): string {
    return this.site.nextId();
  }

  add(seed: SeedIssue): StoredIssue {
    this.site.add(seedEntry(seed));
    return this.get(seed.key);
  }

  /** A live view of the issue with that key or id; throws Jira's 404 when there is none. */
  get(idOrKey: string): StoredIssue {
    const key = this.site.keyOf(idOrKey);
    const entry = (): JiraSnapshotIssue => this.site.get(key);
    return {
      get id() {
        return String(entry().id);
      },
      key,
      get fields() {
        return fieldsOf(entry());
      },
      get comments() {
        return commentsOf(entry()) as LiveComment[];
      },
      get histories() {
        return historiesOf(entry());
      },
      get properties() {
        const properties = entry().properties ?? {};
        return new Map(Object.entries(properties));
      },
    };
  }

  /** A comment written straight into the site (as if someone had posted it), by `author`. */
  addComment(issue: StoredIssue, body: unknown, properties: EntityProperty[], author: SeedUser = USERS.bot): StoredComment {
    const comment = this.site.addComment(issue.key, body, properties, this.site.users.get(author.accountId) ?? author);
    const created = Date.parse(String(comment.created));
    return { id: String(comment.id), author, body, created, updated: created, jsdPublic: true, properties };
  }
}
