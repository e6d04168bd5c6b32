/**
 * The in-memory state of the fake GitHub: repositories with issues, comments and timeline events
 * in the REST shapes GitHub returns, and organisations with issue fields and issue types. Writes
 * change it the way GitHub does (a label added also adds a `labeled` timeline event by the token's
 * user), so a second audit over the same state sees the first audit's changes.
 */
import type { RestComment, RestIssue, RestTimelineEvent, RestUser } from "../../../src/github/rest-types.ts";

/** A stored issue object: labels as objects, assignees always a list. */
export interface FakeRestIssue extends RestIssue {
  number: number;
  labels: { name: string }[];
  assignees: RestUser[];
}

/** One issue as stored: the issue object, its comments, its non-comment timeline events. */
export interface FakeIssue {
  issue: FakeRestIssue;
  comments: (RestComment & { id: number })[];
  timeline: RestTimelineEvent[];
}

export interface FakeIssueField {
  id: number;
  node_id: string;
  name: string;
  data_type: "text" | "date" | "single_select" | "multi_select" | "number";
  options?: { id: number; name: string; color?: string }[];
}

/** A repository label: GitHub label names are unique regardless of case. */
export interface FakeLabel {
  id: string;
  name: string;
  color: string;
}

export interface FakeRepo {
  owner: string;
  name: string;
  ownerType: "User" | "Organization";
  issues: Map<number, FakeIssue>;
  /** The repository's labels by lower-case name: those seeded, on seeded issues, or created since. */
  labels: Map<string, FakeLabel>;
}

/** What tests seed the fake with: snapshot-shaped issues per repository. */
export interface FakeSeed {
  repository: string;
  ownerType?: "User" | "Organization";
  issues: { issue: RestIssue; comments?: RestComment[]; timeline?: RestTimelineEvent[] }[];
  /** Issue fields of the owning organisation (only for ownerType Organization). */
  issueFields?: FakeIssueField[];
  /** Issue type names of the owning organisation. */
  issueTypes?: string[];
  /** Labels the repository has besides those on its seeded issues. */
  labels?: string[];
}

/** The user the fake's token belongs to unless a test says otherwise: the Actions bot. */
export const FAKE_BOT: RestUser = { login: "github-actions[bot]", id: 41898282, type: "Bot" };

/** A personal access token's user, for tests where the tool runs as a person's account. */
export const FAKE_PAT_USER: RestUser = { login: "ops-maria", id: 5150001, type: "User" };

export class FakeState {
  readonly repos = new Map<string, FakeRepo>();
  readonly issueFields = new Map<string, FakeIssueField[]>();
  readonly issueTypes = new Map<string, string[]>();
  readonly now: () => number;
  /**
   * The account the token acts as: author of every write, and what GraphQL `viewer` answers.
   * Tests may switch it (a personal token's user, another App) between runs.
   */
  viewer: RestUser;
  /** Logins with no GitHub account: `user(login:)` answers NOT_FOUND. */
  readonly unknownLogins = new Set<string>();
  /** Accounts that exist but cannot be assigned here: GitHub leaves them out without an error. */
  readonly unassignable = new Set<string>();
  private nextId = 9_000_000;

  constructor(now: () => number = Date.now, viewer: RestUser = FAKE_BOT) {
    this.now = now;
    this.viewer = viewer;
  }

  id(): number {
    return this.nextId++;
  }

  iso(): string {
    return new Date(this.now()).toISOString();
  }

  seed(seed: FakeSeed): void {
    const [owner = "", name = ""] = seed.repository.split("/");
    const repo: FakeRepo = { owner, name, ownerType: seed.ownerType ?? "Organization", issues: new Map(), labels: new Map() };
    for (const entry of seed.issues) {
      const source = structuredClone(entry.issue);
      if (typeof source.number !== "number") throw new Error("seed issue without a number");
      const labels = (source.labels ?? []).map((label) => (typeof label === "string" ? { name: label } : { name: String(label.name) }));
      const issue: FakeIssue["issue"] = { ...source, number: source.number, labels, assignees: source.assignees ?? [] };
      issue.node_id ??= `I_fake${issue.number}`;
      issue.html_url ??= `https://github.com/${seed.repository}/issues/${issue.number}`;
      const comments = structuredClone(entry.comments ?? []).map((c) => ({ ...c, id: typeof c.id === "number" ? c.id : this.id() }));
      // Comments live in `comments`; the timeline keeps only the other events.
      const timeline = structuredClone(entry.timeline ?? []).filter((event) => event.event !== "commented");
      repo.issues.set(issue.number, { issue, comments, timeline });
      for (const label of labels) this.ensureLabel(repo, label.name);
    }
    for (const label of seed.labels ?? []) this.ensureLabel(repo, label);
    this.repos.set(seed.repository.toLowerCase(), repo);
    if (seed.issueFields !== undefined) this.issueFields.set(owner.toLowerCase(), seed.issueFields);
    if (seed.issueTypes !== undefined) this.issueTypes.set(owner.toLowerCase(), seed.issueTypes);
  }

  /** The repository's label of that name, created (as REST add-labels does) when missing. */
  ensureLabel(repo: FakeRepo, name: string): FakeLabel {
    const found = repo.labels.get(name.toLowerCase());
    if (found !== undefined) return found;
    const label = { id: `L_${repo.owner}_${repo.name}_${name}`, name, color: "ededed" };
    repo.labels.set(name.toLowerCase(), label);
    return label;
  }

  repo(owner: string, name: string): FakeRepo | undefined {
    return this.repos.get(`${owner}/${name}`.toLowerCase());
  }

  /** The stored issue, or undefined. */
  get(owner: string, name: string, number: number): FakeIssue | undefined {
    return this.repo(owner, name)?.issues.get(number);
  }

  /** Every comment of a repository by id, for comment edits. */
  findComment(owner: string, name: string, id: number): { entry: FakeIssue; comment: FakeIssue["comments"][number] } | undefined {
    for (const entry of this.repo(owner, name)?.issues.values() ?? []) {
      const comment = entry.comments.find((c) => c.id === id);
      if (comment !== undefined) return { entry, comment };
    }
    return undefined;
  }

  /** Record an event by the token's user and touch the issue. */
  event(entry: FakeIssue, event: Omit<RestTimelineEvent, "id" | "actor" | "created_at">): void {
    const at = this.iso();
    entry.timeline.push({ id: this.id(), actor: { ...this.viewer }, created_at: at, ...event });
    entry.issue.updated_at = at;
  }

  /** The timeline as GitHub returns it: events and `commented` entries, oldest first. */
  timelineOf(entry: FakeIssue): RestTimelineEvent[] {
    const comments = entry.comments.map((c) => ({ ...c, event: "commented", actor: c.user ?? null }));
    return [...entry.timeline, ...comments].sort((a, b) => Date.parse(a.created_at ?? "") - Date.parse(b.created_at ?? ""));
  }
}
