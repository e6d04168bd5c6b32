/**
 * The state of the fake GitHub: the in-memory GitHub's state (src/github/in-memory) over a Map
 * store per repository, seeded from snapshot-shaped issues. Seeded issues are kept in one shape —
 * labels as objects, assignees and comments always lists, comments only in `comments` — which the
 * in-memory GitHub keeps as it writes, so tests can read `fake.state.get(owner, repo, n)` plainly.
 */
import { createMapStore } from "../../../src/core/issue-store.ts";
import { catalogFold, type InMemoryIssueField } from "../../../src/github/in-memory/github-catalog.ts";
import { InMemoryGitHubState, type InMemoryLabel, type InMemoryRepo, type IssuesByNumber } from "../../../src/github/in-memory/in-memory-state.ts";
import type { GithubSnapshotEntry } from "../../../src/github/in-memory/snapshot-entry.ts";
import type { RestComment, RestIssue, RestTimelineEvent, RestUser } from "../../../src/github/rest-types.ts";

/** A stored issue object: labels as objects, assignees always a list. */
export interface FakeRestIssue extends RestIssue {
  number: number;
  labels: { name: string }[];
  assignees: RestUser[];
}

/** One issue as the fake stores it: the issue object, its comments, its non-comment timeline events. */
export interface FakeIssue extends GithubSnapshotEntry {
  issue: FakeRestIssue;
  comments: (RestComment & { id: number })[];
  timeline: RestTimelineEvent[];
}

export type FakeIssueField = InMemoryIssueField;
export type FakeLabel = InMemoryLabel;

/** A repository of the fake: its issues are the fake's shape. */
export interface FakeRepo extends Omit<InMemoryRepo, "issues"> {
  readonly issues: IssuesByNumber<FakeIssue>;
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

/** Ids the fake gives new comments and events: above those the issue builders hand out. */
const FIRST_ID = 9_000_000;

export class FakeState extends InMemoryGitHubState {
  constructor(now: () => number = Date.now, viewer: RestUser = FAKE_BOT) {
    super({ now, viewer, firstId: FIRST_ID });
  }

  seed(seed: FakeSeed): void {
    const entries: [string, FakeIssue][] = seed.issues.map((entry) => {
      const source = structuredClone(entry.issue);
      if (typeof source.number !== "number") throw new Error("seed issue without a number");
      const labels = (source.labels ?? []).map((label) => (typeof label === "string" ? { name: label } : { name: String(label.name) }));
      const issue: FakeRestIssue = { ...source, number: source.number, labels, assignees: source.assignees ?? [] };
      issue.node_id ??= `I_fake${issue.number}`;
      issue.html_url ??= `https://github.com/${seed.repository}/issues/${issue.number}`;
      const comments = structuredClone(entry.comments ?? []).map((c) => ({ ...c, id: typeof c.id === "number" ? c.id : this.id() }));
      // Comments live in `comments`; the timeline keeps only the other events.
      const timeline = structuredClone(entry.timeline ?? []).filter((event) => event.event !== "commented");
      return [String(issue.number), { issue, comments, timeline }];
    });
    const fold = catalogFold();
    for (const [, entry] of entries) fold.add(entry);
    // The fake's organisation has the fields and types a test gives it, not those its issues show.
    const catalog = { ...fold.result(), issueFields: seed.issueFields ?? [], issueTypes: seed.issueTypes ?? [] };
    this.addRepository({
      repository: seed.repository,
      store: createMapStore<GithubSnapshotEntry>(entries),
      ownerType: seed.ownerType ?? "Organization",
      catalog,
      ...(seed.issueFields === undefined ? {} : { issueFields: seed.issueFields }),
      ...(seed.issueTypes === undefined ? {} : { issueTypes: seed.issueTypes }),
      ...(seed.labels === undefined ? {} : { labels: seed.labels }),
    });
  }

  override repo(owner: string, name: string): FakeRepo | undefined {
    return super.repo(owner, name) as FakeRepo | undefined;
  }

  /** The stored issue, or undefined. */
  override get(owner: string, name: string, number: number): FakeIssue | undefined {
    return super.get(owner, name, number) as FakeIssue | undefined;
  }
}
