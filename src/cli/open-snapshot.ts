/**
 * `--tracker file:PATH`: a snapshot file served to the real adapters. The file is opened as a lazy
 * issue store (src/file), its entries are answered by the in-memory GitHub or Jira over that store
 * (src/github/in-memory, src/jira/in-memory), and the real adapter (createGitHubTracker over
 * Octokit, createJiraTracker over jira.js) reads and writes them through an in-process `fetch` —
 * so a snapshot audit follows the same code, and the same semantics, as an audit of the live
 * tracker. The store writes the file back, atomically, on `flush`, and only when a write changed
 * an issue.
 */
import { type CaseSearchQuery, caseSearchOf } from "../core/case-search.ts";
import type { ChannelSender } from "../core/channels/channel.ts";
import { isTrackerError, type Tracker, TrackerError } from "../core/tracker.ts";
import { openSnapshotStore, type SnapshotFormat, type SnapshotStore } from "../file/snapshot-store.ts";
import { createGitHubTracker } from "../github/create-github-tracker.ts";
import { createOctokit } from "../github/create-octokit.ts";
import { createInMemoryGitHub } from "../github/in-memory/create-in-memory-github.ts";
import type { GithubCatalog } from "../github/in-memory/github-catalog.ts";
import { githubEntryFormat, githubListingRow } from "../github/in-memory/github-entry-format.ts";
import type { ListingRow } from "../github/in-memory/issue-listing.ts";
import type { GithubSnapshotEntry } from "../github/in-memory/snapshot-entry.ts";
import type { RestUser } from "../github/rest-types.ts";
import { createJiraTracker } from "../jira/create-jira-tracker.ts";
import type { JiraCatalog } from "../jira/in-memory/catalog.ts";
import { jiraFieldsProblems } from "../jira/in-memory/check-entry.ts";
import { createInMemoryJira } from "../jira/in-memory/create-in-memory-jira.ts";
import { jiraEntryFormat } from "../jira/in-memory/entry-format.ts";
import type { JiraSnapshotIssue } from "../jira/in-memory/snapshot-types.ts";
import type { SiteField } from "../jira/field-catalog.ts";

/** Who writes when neither the snapshot nor the rules name the tool's login. */
export const DEFAULT_SNAPSHOT_LOGIN = "shepherd-bot";

export interface SnapshotTrackerOptions {
  /**
   * The rules' bot logins: other automation (a role), and the first of them is the tool's own
   * identity when the snapshot names none in its `self`.
   */
  botLogins: readonly string[];
  /** The time written on changes (the audit's `--now`). */
  now: () => number;
  /** GitHub: the single-select issue field that holds the priority (default Priority). */
  priorityField?: string | undefined;
  /** GitHub: rule field name → issue field name, for set-field operations. */
  issueFieldNames?: ReadonlyMap<string, string>;
  /** Where the notices of `notify` operations go (the snapshot's outbox); without it a notify fails, saying so. */
  channelSender?: ChannelSender | undefined;
}

/** A snapshot as a tracker: the Tracker port, writing back on `flush`. */
export interface SnapshotTracker extends Tracker {
  /** Write the snapshot back (atomically) if a write changed it; nothing otherwise. */
  flush(): Promise<void>;
  /** Release the file; changes not flushed are dropped. */
  close(): Promise<void>;
  /** Whether writes changed the snapshot since it was opened or last flushed. */
  readonly changed: boolean;
  /** The snapshot's `tracker`. */
  readonly tracker: "github" | "jira";
  /**
   * Jira: the site's fields when the snapshot lists them in its `fields`, and the ids of every
   * field its issues carry (system fields such as description exist too), for checking the
   * rules' field names; undefined when it lists none.
   */
  readonly siteFields: { listed: readonly SiteField[]; carried: readonly string[] } | undefined;
}

/** The JQL of a Jira snapshot audit that names none: every issue, in key order. */
const ALL_ISSUES = "ORDER BY key ASC";

const REPOSITORY = /^[^/\s]+\/[^/\s]+$/;

const describe = (value: unknown): string => (typeof value === "string" ? (value === "" ? "an empty string" : JSON.stringify(value)) : value === undefined ? "nothing" : typeof value);

/** GitHub entries, and the header's `repository` the issues belong to. */
const githubSnapshotFormat: SnapshotFormat<GithubSnapshotEntry, GithubCatalog> = {
  ...githubEntryFormat,
  // Kept beside each issue's byte range: listing the issues reads none of them.
  summarise: githubListingRow,
  checkHeader: (header) =>
    typeof header.repository === "string" && REPOSITORY.test(header.repository) ? [] : [`repository: expected "OWNER/REPO", found ${describe(header.repository)}`],
};

/** Jira issues, and the header's `fields` (the site's field list) where it has one. */
const jiraSnapshotFormat: SnapshotFormat<JiraSnapshotIssue, JiraCatalog> = {
  ...jiraEntryFormat,
  checkHeader: (header) => (header.fields === undefined ? [] : jiraFieldsProblems(header.fields)),
};

/** The tool's identity in a snapshot: its own `self`, else the first bot login. */
function selfOf(header: Readonly<Record<string, unknown>>, botLogins: readonly string[]): string {
  return typeof header.self === "string" && header.self !== "" ? header.self : (botLogins[0] ?? DEFAULT_SNAPSHOT_LOGIN);
}

/** GitHub Apps act as `<slug>[bot]`, of type Bot; any other login is a user's token. */
const viewerOf = (login: string): RestUser => ({ login, type: login.endsWith("[bot]") ? "Bot" : "User" });

function githubOver(opened: SnapshotStore<GithubSnapshotEntry, GithubCatalog>, options: SnapshotTrackerOptions): Tracker {
  const repository = String(opened.header.repository);
  const github = createInMemoryGitHub({
    store: opened.store,
    repository,
    viewer: viewerOf(selfOf(opened.header, options.botLogins)),
    now: options.now,
    catalog: opened.catalog,
    listingRows: (key) => opened.summaryOf(key) as ListingRow | undefined,
  });
  // No secondary limits in-process: pacing would only make a large audit wait.
  const octokit = createOctokit({ token: "snapshot", baseUrl: github.url, fetch: github.fetch, pacing: false, retryBaseMs: 1 });
  return createGitHubTracker({
    octokit,
    repository,
    graphqlUrl: github.graphqlUrl,
    botLogins: options.botLogins,
    // The smallest page the adapter asks for: in-process a page costs no request, and a page's
    // issues stay in memory until the last of them is planned. With 100 they outlive the young
    // generation and V8 grows the heap to four times what is live (810 MB for 100,000 issues, not 580).
    pageSize: 50,
    priorityField: options.priorityField,
    ...(options.issueFieldNames === undefined ? {} : { issueFieldNames: options.issueFieldNames }),
    channelSender: options.channelSender,
  });
}

function jiraOver(opened: SnapshotStore<JiraSnapshotIssue, JiraCatalog>, options: SnapshotTrackerOptions): Tracker {
  const { self: _self, ...site } = opened.catalog;
  const jira = createInMemoryJira({ store: opened.store, site, me: selfOf(opened.header, options.botLogins), now: options.now });
  return createJiraTracker({
    baseUrl: jira.url,
    email: "snapshot@localhost",
    apiToken: "snapshot",
    fetch: jira.fetch,
    now: options.now,
    // Writes to a file need no spacing; a retry has nothing to wait for.
    writeIntervalMs: 0,
    sleep: () => Promise.resolve(),
    botAccountIds: options.botLogins,
    channelSender: options.channelSender,
  });
}

/**
 * Open the snapshot at `path` as a tracker named after the path. Fails with a TrackerError:
 * `not-found` when there is no such file, `invalid` (one line per problem, each naming the file
 * and the JSON path) when it is not a GitHub or Jira snapshot.
 */
export async function openSnapshotTracker(path: string, options: SnapshotTrackerOptions): Promise<SnapshotTracker> {
  const opened = await openSnapshotStore(path, [githubSnapshotFormat, jiraSnapshotFormat] as const);
  let tracker: Tracker;
  let siteFields: SnapshotTracker["siteFields"];
  if (opened.format === jiraSnapshotFormat) {
    const jira = opened as SnapshotStore<JiraSnapshotIssue, JiraCatalog>;
    tracker = jiraOver(jira, options);
    const listed = jira.header.fields;
    // The catalog holds the listed fields and every field the issues carry, by id.
    if (Array.isArray(listed) && listed.length > 0) {
      const keyed = (listed as { id: string; name: string; key?: unknown }[]).map((f) => ({ id: f.id, name: f.name, key: typeof f.key === "string" ? f.key : undefined }));
      siteFields = { listed: keyed, carried: jira.catalog.fields.map((f) => f.id) };
    }
  } else {
    tracker = githubOver(opened as SnapshotStore<GithubSnapshotEntry, GithubCatalog>, options);
  }
  const inner = tracker;
  const search = caseSearchOf(inner);
  return {
    kind: inner.kind,
    capabilities: inner.capabilities,
    name: path,
    tracker: opened.tracker === "jira" ? "jira" : "github",
    siteFields,
    // A snapshot holds the issues to audit: without a JQL query, a Jira audit selects all of them.
    listIssues: (scope) => inner.listIssues(inner.kind === "jira" && scope.jql === undefined ? { ...scope, jql: ALL_ISSUES } : scope),
    async getIssue(id) {
      try {
        return await inner.getIssue(id);
      } catch (error) {
        // Named as the file names it, whatever the tracker's request said.
        if (isTrackerError(error) && error.kind === "not-found") throw new TrackerError("not-found", `${path}: no issue ${id.trim()}`, { cause: error });
        throw error;
      }
    },
    ...(inner.refresh === undefined ? {} : { refresh: inner.refresh.bind(inner) }),
    // Issues the tool opens itself (monitoring alerts), and finds again by their identity.
    ...(inner.createIssue === undefined ? {} : { createIssue: inner.createIssue.bind(inner) }),
    ...(inner.findIssueByIdentity === undefined ? {} : { findIssueByIdentity: inner.findIssueByIdentity.bind(inner) }),
    // The tracker's own search over the file, for similar past cases.
    ...(search === undefined ? {} : { searchSolved: (query: CaseSearchQuery) => search.searchSolved(query) }),
    apply: (issue, operations) => inner.apply(issue, operations),
    get changed() {
      return opened.changed;
    },
    flush: () => opened.flush(),
    close: () => opened.close(),
  };
}
