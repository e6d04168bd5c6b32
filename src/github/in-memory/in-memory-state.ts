/**
 * The state of the in-memory GitHub: repositories whose issues live in an issue store (a Map, a
 * snapshot file), their labels, and the owners' issue fields and issue types. Writes change it the
 * way GitHub does (a label added also adds a `labeled` timeline event by the token's user) and
 * hand every changed entry back to the store, so that a second run over the same state sees the
 * first run's changes.
 */
import type { IssueStore } from "../../core/issue-store.ts";
import type { RestTimelineEvent, RestUser } from "../rest-types.ts";
import type { InMemoryApp } from "./app-state.ts";
import { EntryIndex, issueNodeId } from "./entry-index.ts";
import { catalogFold, type GithubCatalog, type InMemoryIssueField } from "./github-catalog.ts";
import { IssueListing, type ListingRow } from "./issue-listing.ts";
import { commentCopies, commentsOf, eventsOf, type GithubSnapshotEntry } from "./snapshot-entry.ts";

/** A repository label: GitHub label names are unique regardless of case. */
export interface InMemoryLabel {
  id: string;
  name: string;
  color: string;
}

/** The issues of a repository by number, over its store (what `get` returns is the store's). */
export interface IssuesByNumber<Entry extends GithubSnapshotEntry = GithubSnapshotEntry> {
  readonly size: number;
  has(number: number): boolean;
  get(number: number): Entry | undefined;
  /** Add or replace an issue (in the store, and in the indexes). */
  set(number: number, entry: Entry): void;
  keys(): IterableIterator<number>;
  values(): IterableIterator<Entry>;
  entries(): IterableIterator<[number, Entry]>;
  [Symbol.iterator](): IterableIterator<[number, Entry]>;
}

export interface InMemoryRepo {
  readonly owner: string;
  readonly name: string;
  readonly ownerType: "User" | "Organization";
  readonly store: IssueStore<GithubSnapshotEntry>;
  /** The repository's labels by lower-case name: given, on issues, or created since. */
  readonly labels: Map<string, InMemoryLabel>;
  readonly issues: IssuesByNumber;
  readonly index: EntryIndex;
  readonly listing: IssueListing;
}

export interface RepositoryOptions {
  /** `OWNER/REPO`. */
  repository: string;
  store: IssueStore<GithubSnapshotEntry>;
  /** Default Organization. */
  ownerType?: "User" | "Organization";
  /** What the issues hold together; folded over the store when not given. */
  catalog?: GithubCatalog;
  /** The owner's issue fields (default: the catalog's, when it has any). */
  issueFields?: InMemoryIssueField[];
  /** The owner's issue type names (default: the catalog's, when it has any). */
  issueTypes?: string[];
  /** Labels the repository has besides those of the catalog. */
  labels?: readonly string[];
  /** Each issue's listing row as it is now, kept by the store (read without parsing the entry). */
  listingRows?: (key: string) => ListingRow | undefined;
}

function issuesByNumber(store: IssueStore<GithubSnapshotEntry>, index: EntryIndex): IssuesByNumber {
  function* entries(): IterableIterator<[number, GithubSnapshotEntry]> {
    for (const key of store.keys()) {
      const entry = store.get(key);
      if (entry !== undefined) yield [Number(key), entry];
    }
  }
  return {
    get size() {
      return store.size;
    },
    has: (number) => store.has(String(number)),
    get: (number) => store.get(String(number)),
    set: (number, entry) => {
      store.set(String(number), entry);
      index.note(String(number), entry);
    },
    *keys() {
      for (const key of store.keys()) yield Number(key);
    },
    *values() {
      for (const [, entry] of entries()) yield entry;
    },
    entries,
    [Symbol.iterator]: entries,
  };
}

export interface StateOptions {
  now?: () => number;
  /** The account the token acts as. */
  viewer: RestUser;
  /** The smallest id a new comment or event gets (ids in use are always passed). */
  firstId?: number;
}

export class InMemoryGitHubState {
  readonly repos = new Map<string, InMemoryRepo>();
  /** Issue fields by lower-case owner. */
  readonly issueFields = new Map<string, InMemoryIssueField[]>();
  /** Issue type names by lower-case owner. */
  readonly issueTypes = new Map<string, string[]>();
  readonly now: () => number;
  /**
   * The account the token acts as: author of every write, and what GraphQL `viewer` answers.
   * May be switched (a personal token's user, another App) between runs.
   */
  viewer: RestUser;
  /** Logins with no GitHub account: `user(login:)` answers NOT_FOUND. */
  readonly unknownLogins = new Set<string>();
  /** Accounts that exist but cannot be assigned here: GitHub leaves them out without an error. */
  readonly unassignable = new Set<string>();
  /** A GitHub App installed here: its endpoints answer, and its installation tokens reach only their repositories. */
  app: InMemoryApp | undefined;
  /** Counts the requests answered, so that a listing knows which request started it. */
  request = 0;
  private nextId: number;

  constructor(options: StateOptions) {
    this.now = options.now ?? Date.now;
    this.viewer = options.viewer;
    this.nextId = options.firstId ?? 1;
  }

  /** A new numeric id, above every id in use. */
  id(): number {
    return this.nextId++;
  }

  /** Now, as GitHub writes timestamps. */
  iso(): string {
    return new Date(this.now()).toISOString();
  }

  /** Serve a repository from a store. */
  addRepository(options: RepositoryOptions): InMemoryRepo {
    const [owner = "", name = ""] = options.repository.split("/");
    const catalog = options.catalog ?? foldStore(options.store);
    const index = new EntryIndex(options.store);
    const repo: InMemoryRepo = {
      owner,
      name,
      ownerType: options.ownerType ?? "Organization",
      store: options.store,
      labels: new Map(),
      issues: issuesByNumber(options.store, index),
      index,
      listing: new IssueListing(options.store, options.listingRows),
    };
    for (const label of [...catalog.labels, ...(options.labels ?? [])]) this.ensureLabel(repo, label);
    this.nextId = Math.max(this.nextId, catalog.maxId + 1);
    const fields = options.issueFields ?? (catalog.issueFields.length > 0 ? catalog.issueFields : undefined);
    const types = options.issueTypes ?? (catalog.issueTypes.length > 0 ? catalog.issueTypes : undefined);
    if (fields !== undefined) {
      this.issueFields.set(owner.toLowerCase(), fields);
      for (const field of fields) for (const id of [field.id, ...(field.options ?? []).map((o) => o.id)]) this.nextId = Math.max(this.nextId, id + 1);
    }
    if (types !== undefined) this.issueTypes.set(owner.toLowerCase(), types);
    this.repos.set(options.repository.toLowerCase(), repo);
    return repo;
  }

  /** The repository's label of that name, created (as REST add-labels does) when missing. */
  ensureLabel(repo: InMemoryRepo, name: string): InMemoryLabel {
    const found = repo.labels.get(name.toLowerCase());
    if (found !== undefined) return found;
    const label = { id: `L_${repo.owner}_${repo.name}_${name}`, name, color: "ededed" };
    repo.labels.set(name.toLowerCase(), label);
    return label;
  }

  repo(owner: string, name: string): InMemoryRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** The stored issue, or undefined. */
  get(owner: string, name: string, number: number): GithubSnapshotEntry | undefined {
    return this.repo(owner, name)?.store.get(String(number));
  }

  /** Hand a changed entry back to its store. */
  save(repo: InMemoryRepo, entry: GithubSnapshotEntry): void {
    const key = String(entry.issue.number);
    repo.store.set(key, entry);
    repo.index.note(key, entry);
  }

  /** A comment of a repository by id, with its issue, found through the index. */
  findComment(owner: string, name: string, id: number): { repo: InMemoryRepo; entry: GithubSnapshotEntry; copies: ReturnType<typeof commentCopies> } | undefined {
    const repo = this.repo(owner, name);
    if (repo === undefined) return undefined;
    for (let attempt = 0; attempt < 2; attempt++) {
      const key = repo.index.commentKey(id);
      const entry = key === undefined ? undefined : repo.store.get(key);
      if (entry === undefined) return undefined;
      const copies = commentCopies(entry, id);
      if (copies.length > 0) return { repo, entry, copies };
      // Moved or gone since it was noted: look again past what the index knows.
      repo.index.forgetComment(id);
    }
    return undefined;
  }

  /**
   * A person reacts to a comment (as in GitHub's web page: the reaction is theirs, not the
   * token's). GitHub leaves the issue's `updated_at` as it is and sends no webhook.
   */
  react(owner: string, name: string, commentId: number, user: RestUser, content: string): boolean {
    const found = this.findComment(owner, name, commentId);
    if (found === undefined) return false;
    const { repo, entry } = found;
    const all = (entry.reactions ??= {});
    const list = (all[String(commentId)] ??= []);
    if (!list.some((r) => r.user?.login === user.login && r.content === content)) list.push({ id: this.id(), user: { ...user }, content, created_at: this.iso() });
    this.save(repo, entry);
    return true;
  }

  /** The issue with a node id, with its repository. */
  issueByNodeId(id: string): { repo: InMemoryRepo; entry: GithubSnapshotEntry } | undefined {
    for (const repo of this.repos.values()) {
      const key = repo.index.nodeKey(id);
      const entry = key === undefined ? undefined : repo.store.get(key);
      if (entry !== undefined && issueNodeId(entry.issue) === id) return { repo, entry };
    }
    return undefined;
  }

  /** Record an event by the token's user and touch the issue (the caller saves the entry). */
  event(entry: GithubSnapshotEntry, event: Omit<RestTimelineEvent, "id" | "actor" | "created_at">): void {
    const at = this.iso();
    const recorded = { id: this.id(), actor: { ...this.viewer }, created_at: at, ...event };
    if (Array.isArray(entry.timeline)) entry.timeline.push(recorded);
    else entry.timeline = [recorded];
    entry.issue.updated_at = at;
  }

  /** The timeline as GitHub returns it: events and `commented` entries, oldest first. */
  timelineOf(entry: GithubSnapshotEntry): RestTimelineEvent[] {
    const comments = commentsOf(entry).map((c) => ({ ...c, event: "commented", actor: c.user ?? null }));
    return [...eventsOf(entry), ...comments].sort((a, b) => Date.parse(a.created_at ?? "") - Date.parse(b.created_at ?? ""));
  }
}

/** The catalog of a store, folded in one pass (for stores that come without one). */
function foldStore(store: IssueStore<GithubSnapshotEntry>): GithubCatalog {
  const fold = catalogFold();
  for (const key of store.keys()) {
    const entry = store.get(key);
    if (entry !== undefined) fold.add(entry);
  }
  return fold.result();
}
