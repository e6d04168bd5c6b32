/**
 * The in-memory GitHub, as the snapshot tracker meets it: the real adapter (createOctokit with the
 * in-memory `fetch`, createGitHubTracker) over a Map store of snapshot-shaped entries, without a
 * socket. What it reads back is what GitHub would answer, and what it writes keeps each entry a
 * faithful REST-shaped snapshot.
 */
import { describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { createMapStore, type IssueStore } from "../../src/core/issue-store.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Operation } from "../../src/core/plan.ts";
import { readMarkerKeys, withMarker } from "../../src/core/text/hidden-key.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { createInMemoryGitHub, type InMemoryGitHubOptions } from "../../src/github/in-memory/create-in-memory-github.ts";
import { githubEntryFormat } from "../../src/github/in-memory/github-entry-format.ts";
import { commentsOf, type GithubSnapshotEntry } from "../../src/github/in-memory/snapshot-entry.ts";
import type { RestUser } from "../../src/github/rest-types.ts";
import { load, lines } from "../core/load-in-memory.ts";
import { formBody, restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
const MIN = 60_000;
const LOGIN = "shepherd-app[bot]";
const VIEWER: RestUser = { login: LOGIN, id: 77, type: "Bot" };
const REPO = "acme/support";

const op = <T extends Operation["kind"]>(kind: T, rest: Omit<Extract<Operation, { kind: T }>, "kind" | "rule" | "reason">) =>
  ({ kind, rule: "test", reason: "test", ...rest }) as unknown as Operation;

/** A store that counts the entries it hands out, to show what a request costs. */
function countingStore(entries: [string, GithubSnapshotEntry][]): IssueStore<GithubSnapshotEntry> & { map: Map<string, GithubSnapshotEntry>; gets: number; sets: string[] } {
  const inner = createMapStore(entries);
  const store = {
    map: inner.map,
    gets: 0,
    sets: [] as string[],
    get size() {
      return inner.size;
    },
    keys: () => inner.keys(),
    has: (key: string) => inner.has(key),
    get: (key: string) => {
      store.gets += 1;
      return inner.get(key);
    },
    set: (key: string, entry: GithubSnapshotEntry) => {
      store.sets.push(key);
      inner.set(key, entry);
    },
  };
  return store;
}

const entriesOf = (issues: GithubSnapshotEntry[]): [string, GithubSnapshotEntry][] => issues.map((e) => [String(e.issue.number), e]);

function setup(issues: GithubSnapshotEntry[], options: Partial<InMemoryGitHubOptions> = {}) {
  const store = countingStore(entriesOf(issues));
  const github = createInMemoryGitHub({ store, repository: REPO, viewer: VIEWER, now: () => NOW, ...options });
  const octokit = createOctokit({ token: "local", baseUrl: github.url, fetch: github.fetch, pacing: false, retryBaseMs: 1 });
  const tracker = createGitHubTracker({ octokit, repository: REPO, graphqlUrl: github.graphqlUrl });
  return { store, github, tracker };
}

async function collect(iterable: AsyncIterable<Issue>): Promise<Issue[]> {
  const issues: Issue[] = [];
  for await (const issue of iterable) issues.push(issue);
  return issues;
}

const PRIORITY_VALUE = (name: string, id: number) => ({
  issue_field_id: 501,
  issue_field_name: "Priority",
  node_id: "IFSS_501",
  data_type: "single_select",
  value: id,
  single_select_option: { id, name, color: "red" },
});

describe("the real adapter over an in-memory GitHub", () => {
  it("lists every open issue and the recently closed ones, once each, in GitHub's order", async () => {
    const issues = Array.from({ length: 230 }, (_, i) => ({
      issue: restIssue({
        number: i + 1,
        createdAt: NOW - (300 - i) * MIN,
        ...(i % 10 === 3 ? { state: "closed" as const, closedAt: NOW - (i % 7) * MIN } : {}),
      }),
    }));
    // Snapshot order is not creation order: the listing must sort, not trust the file.
    issues.reverse();
    const { tracker, store } = setup(issues);
    const open = await collect(tracker.listIssues({}));
    expect(open.map((i) => i.id)).toEqual(
      Array.from({ length: 230 }, (_, i) => i + 1)
        .filter((n) => (n - 1) % 10 !== 3)
        .map((n) => `${REPO}#${n}`),
    );
    store.gets = 0;
    const all = await collect(tracker.listIssues({ closedSince: NOW - 60 * MIN }));
    expect(all).toHaveLength(230);
    expect(new Set(all.map((i) => i.id)).size).toBe(230);
    // Linear: the listings (GraphQL open and closed, the REST list for field values) read each
    // entry a bounded number of times, not once per page.
    expect(store.gets).toBeLessThanOrEqual(230 * 8);
  });

  it("reads a snapshot's comments from `comments` and the timeline's `commented` events once each", async () => {
    const mine = restComment(LOGIN, "NONE", withMarker("Please add the steps.", "intake/missing"), NOW - 50 * MIN);
    const theirs = restComment("reporter", "NONE", "Here they are.", NOW - 40 * MIN);
    const onlyInTimeline = { ...restComment("li-wei", "MEMBER", "Looking.", NOW - 30 * MIN), event: "commented", actor: { login: "li-wei", type: "User" } };
    const entry: GithubSnapshotEntry = {
      issue: { ...restIssue({ number: 5, createdAt: NOW - 60 * MIN }), labels: ["bug"] },
      comments: [mine, theirs],
      timeline: [
        { ...mine, event: "commented", actor: mine.user ?? null },
        restEvent("labeled", "li-wei", NOW - 45 * MIN, { label: { name: "bug" } }),
        { ...theirs, event: "commented", actor: theirs.user ?? null },
        onlyInTimeline,
      ],
    };
    const { tracker } = setup([entry]);
    const [listed] = await collect(tracker.listIssues({}));
    const read = await tracker.getIssue("5");
    for (const issue of [listed!, read]) {
      expect(issue.comments.map((c) => c.body.split("\n")[0])).toEqual(["Please add the steps.", "Here they are.", "Looking."]);
      expect(issue.comments[0]!.key).toBe("intake/missing");
      expect(issue.comments[0]!.author.self).toBe(true);
      expect(issue.labels).toEqual(["bug"]);
    }
  });

  it("applies every kind of operation, each recorded as GitHub records it, by the viewer", async () => {
    const own = restComment(LOGIN, "NONE", withMarker("old", "intake"), NOW - 30 * MIN);
    const entry: GithubSnapshotEntry = {
      issue: { ...restIssue({ number: 1, createdAt: NOW - 60 * MIN, labels: ["bug", "priority/P2"] }), issue_field_values: [PRIORITY_VALUE("Medium", 3)] },
      comments: [own],
      // Exported from the timeline API: comments appear there too.
      timeline: [{ ...own, event: "commented", actor: own.user ?? null }],
    };
    const others: GithubSnapshotEntry[] = [2, 3].map((n) => ({
      issue: { ...restIssue({ number: n, createdAt: NOW - 60 * MIN }), issue_field_values: [PRIORITY_VALUE(n === 2 ? "High" : "Urgent", n === 2 ? 2 : 1)] },
    }));
    const idsBefore = new Set([entry, ...others].flatMap((e) => [e.issue.id as number, ...(e.comments ?? []).map((c) => c.id!), ...(e.timeline ?? []).map((t) => t.id!)]));
    const maxBefore = Math.max(...idsBefore);
    const { tracker, store, github } = setup([entry, ...others]);
    const issue = await tracker.getIssue(`${REPO}#1`);
    const results = await tracker.apply(issue, [
      op("add-labels", { labels: ["needs-info", "BUG"] }),
      op("remove-labels", { labels: ["priority/P2", "not-there"] }),
      op("comment", { key: "sla-breach/resolution/cycle-1", body: "Resolution is 2h late.", mentions: ["chen-jing"] }),
      op("edit-comment", { key: "intake", commentId: issue.comments[0]!.id, body: "All information is there.", mentions: [] }),
      op("assign", { assignees: ["li-wei"] }),
      op("close", { closeReason: "not_planned" }),
      op("reopen", {}),
      op("set-priority", { priority: "P1", native: "High", labels: { add: ["priority/P1"], remove: [] } }),
    ]);
    expect(results.filter((r) => !r.ok)).toEqual([]);

    const after = await tracker.getIssue("1");
    expect(after.labels).toEqual(["bug", "needs-info", "priority/P1"]);
    expect(after.assignees.map((p) => p.id)).toEqual(["li-wei"]);
    expect(after.state).toBe("open");
    expect(after.nativePriority).toBe("High");
    expect(after.comments.map((c) => c.keys ?? [c.key])).toEqual([["intake"], ["sla-breach/resolution/cycle-1"]]);
    expect(after.comments[0]!.body).toContain("All information is there.");
    const kinds = after.history.filter((h) => h.actor?.self === true).map((h) => h.kind);
    expect(kinds).toEqual(expect.arrayContaining(["labeled", "unlabeled", "assigned", "closed", "reopened"]));
    const closed = after.history.find((h) => h.kind === "closed");
    expect(closed).toMatchObject({ reason: "not_planned", actor: { self: true } });

    // The store got the entry back, REST-shaped: the new comment in `comments` and, since this
    // timeline carries comments, as a `commented` event; the edit in both copies.
    const stored = store.map.get("1")!;
    expect(store.sets).toContain("1");
    expect(stored.comments).toHaveLength(2);
    expect(stored.timeline!.filter((e) => e.event === "commented")).toHaveLength(2);
    expect(stored.timeline!.find((e) => e.event === "commented" && e.id === own.id)!.body).toContain("All information is there.");
    expect(stored.issue.closed_by).toMatchObject({ login: LOGIN });
    expect(stored.issue.issue_field_values).toMatchObject([{ issue_field_id: 501, single_select_option: { id: 2, name: "High" } }]);
    // New ids lie above every id the snapshot uses.
    const newIds = [...stored.comments!, ...stored.timeline!].map((e) => e.id!).filter((id) => !idsBefore.has(id));
    expect(newIds.length).toBeGreaterThanOrEqual(7);
    expect(Math.min(...newIds)).toBeGreaterThan(maxBefore);

    // A rerun of the same plan changes nothing.
    const again = await tracker.apply(after, [
      op("add-labels", { labels: ["needs-info"] }),
      op("remove-labels", { labels: ["priority/P2"] }),
      op("comment", { key: "sla-breach/resolution/cycle-1", body: "Resolution is 2h late.", mentions: ["chen-jing"] }),
      op("assign", { assignees: ["li-wei"] }),
      op("set-priority", { priority: "P1", native: "High", labels: { add: ["priority/P1"], remove: [] } }),
    ]);
    expect(again.filter((r) => !r.ok)).toEqual([]);
    expect(store.map.get("1")!.comments).toHaveLength(2);
    expect(github.state.get("acme", "support", 1)!.timeline!.length).toBe(stored.timeline!.length);
  });

  it("keeps an entry without comments in the timeline as it was: comments go to `comments` only", async () => {
    const { tracker, store } = setup([{ issue: restIssue({ number: 9, createdAt: NOW - MIN }), timeline: [restEvent("labeled", "li-wei", NOW - MIN, { label: { name: "bug" } })] }]);
    const issue = await tracker.getIssue("9");
    const [result] = await tracker.apply(issue, [op("comment", { key: "k", body: "Hello.", mentions: [] })]);
    expect(result).toMatchObject({ ok: true });
    const stored = store.map.get("9")!;
    expect(stored.comments).toHaveLength(1);
    expect(stored.timeline!.map((e) => e.event)).toEqual(["labeled"]);
    expect(readMarkerKeys(stored.comments![0]!.body ?? "")).toEqual(["k"]);
  });

  it("posts a key that only someone else's comment carries: GitHub does, and only the viewer's comments carry keys", async () => {
    const impostor = restComment("mallory", "NONE", withMarker("fake notice", "intake/missing"), NOW - 20 * MIN);
    const own = restComment(LOGIN, "NONE", withMarker("real notice", "sla/first-response"), NOW - 10 * MIN);
    const { tracker, store } = setup([{ issue: restIssue({ number: 4, createdAt: NOW - 60 * MIN }), comments: [impostor, own] }]);
    const issue = await tracker.getIssue("4");
    expect(issue.comments.map((c) => c.author.self === true)).toEqual([false, true]);
    const results = await tracker.apply(issue, [op("comment", { key: "intake/missing", body: "Please add the steps.", mentions: [] })]);
    expect(results[0]).toMatchObject({ ok: true });
    const stored = store.map.get("4")!.comments!;
    expect(stored).toHaveLength(3);
    expect(stored[2]).toMatchObject({ user: { login: LOGIN } });
    expect(readMarkerKeys(stored[2]!.body ?? "")).toEqual(["intake/missing"]);
  });

  it("creates a label the repository lacks when it is added, once, under the repository's spelling afterwards", async () => {
    const { tracker, github } = setup([{ issue: restIssue({ number: 1, createdAt: NOW - MIN, labels: ["Bug"] }) }, { issue: restIssue({ number: 2, createdAt: NOW - MIN }) }]);
    const results = await tracker.apply(await tracker.getIssue("1"), [op("add-labels", { labels: ["sla-breached", "bug"] })]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect((await tracker.getIssue("1")).labels).toEqual(["Bug", "sla-breached"]);
    expect([...github.state.repo("acme", "support")!.labels.values()].map((l) => l.name)).toEqual(["Bug", "sla-breached"]);
    await tracker.apply(await tracker.getIssue("2"), [op("add-labels", { labels: ["SLA-Breached"] })]);
    expect((await tracker.getIssue("2")).labels).toEqual(["sla-breached"]);
  });

  it("writes the priority to the field its issues show, and refuses an option the field does not have as GitHub does", async () => {
    const issues = [1, 2].map((n) => ({ issue: { ...restIssue({ number: n, createdAt: NOW - MIN }), issue_field_values: n === 2 ? [PRIORITY_VALUE("High", 2)] : [] } }));
    const { tracker, store } = setup(issues);
    const ok = await tracker.apply(await tracker.getIssue("1"), [op("set-priority", { priority: "P1", native: "High" })]);
    expect(ok[0]).toMatchObject({ ok: true });
    expect((await tracker.getIssue("1")).nativePriority).toBe("High");
    const refused = await tracker.apply(await tracker.getIssue("1"), [op("set-priority", { priority: "P0", native: "Blocker" })]);
    expect(refused[0]!.ok).toBe(false);
    expect(refused[0]!.error).toMatch(/Blocker/);
    expect(store.map.get("1")!.issue.issue_field_values).toMatchObject([{ single_select_option: { name: "High" } }]);
  });

  it("an audit with the support preset writes once, and a rerun over the store plans nothing", async () => {
    const issues = [1, 2, 3, 4].map((n) => ({
      issue: { ...restIssue({ number: n, createdAt: NOW - (10 + n) * 60 * MIN, body: n % 2 === 0 ? formBody() : "It is broken", labels: n === 3 ? ["bug"] : [] }) },
      comments: n === 4 ? [restComment("reporter", "NONE", "Any news?", NOW - 2 * 60 * MIN)] : [],
    }));
    const { rules, messages } = load(lines("extends: support"));
    expect(messages).toEqual([]);
    const { tracker, store, github } = setup(issues);
    const first = await runAudit({ tracker, rules: rules!, now: NOW, dryRun: false });
    expect(first.totals.changes).toBeGreaterThan(0);
    expect(first.totals.failed).toBe(0);
    const written = store.sets.length;
    // A second run sees the first run's writes (a fresh adapter, as a new process would be).
    const octokit = createOctokit({ token: "local", baseUrl: github.url, fetch: github.fetch, pacing: false });
    const fresh = createGitHubTracker({ octokit, repository: REPO, graphqlUrl: github.graphqlUrl });
    const rerun = await runAudit({ tracker: fresh, rules: rules!, now: NOW + MIN, dryRun: false });
    expect(rerun.totals.changes).toBe(0);
    expect(rerun.issues.every((i) => i.operations.length === 0)).toBe(true);
    expect(store.sets.length).toBe(written);
  });
});

describe("the in-memory GitHub's answers", () => {
  const one = (): GithubSnapshotEntry[] => [
    { issue: restIssue({ number: 1, createdAt: NOW - MIN }), comments: Array.from({ length: 45 }, (_, i) => restComment("reporter", "NONE", `c${i}`, NOW - (50 - i) * MIN)) },
  ];

  it("answers as GitHub: JSON errors, Link headers, rate-limit headers, 204 without a body", async () => {
    const { github } = setup(one());
    const missing = await github.fetch(`${github.url}/repos/acme/support/issues/77`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ message: "Not Found" });
    const page = await github.fetch(`${github.url}/repos/acme/support/issues/1/comments?per_page=20`);
    expect(page.headers.get("link")).toBe(
      `<${github.url}/repos/acme/support/issues/1/comments?per_page=20&page=2>; rel="next", <${github.url}/repos/acme/support/issues/1/comments?per_page=20&page=3>; rel="last"`,
    );
    expect(page.headers.get("x-ratelimit-remaining")).toBe("5000");
    expect(((await page.json()) as unknown[]).length).toBe(20);
    const bad = await github.fetch(`${github.url}/repos/acme/support/issues/1/comments`, { method: "POST", body: "{not json" });
    expect(bad.status).toBe(400);
    const comments = (await (await github.fetch(`${github.url}/repos/acme/support/issues/1/comments`)).json()) as { id: number }[];
    const gone = await github.fetch(`${github.url}/repos/acme/support/issues/comments/${comments[0]!.id}`, { method: "DELETE" });
    expect(gone.status).toBe(204);
    expect(await gone.text()).toBe("");
    const graphql = await github.fetch(github.graphqlUrl, { method: "POST", body: JSON.stringify({ query: "query { repository(owner: \"acme\", name: \"support\") { issue(number: 77) { number } } }" }) });
    expect(await graphql.json()).toMatchObject({ errors: [{ type: "NOT_FOUND", path: ["repository", "issue"] }] });
  });

  it("finds a comment by its id without reading every issue", async () => {
    const issues = Array.from({ length: 500 }, (_, i) => ({
      issue: restIssue({ number: i + 1, createdAt: NOW - MIN }),
      comments: [restComment("reporter", "NONE", `on ${i + 1}`, NOW - MIN)],
    }));
    const { github, store } = setup(issues);
    const target = issues[250]!.comments[0]!.id!;
    const near = issues[10]!.comments[0]!.id!;
    // Known once its issue was read: no scan at all.
    await github.fetch(`${github.url}/repos/acme/support/issues/11/comments`);
    store.gets = 0;
    const edit = await github.fetch(`${github.url}/repos/acme/support/issues/comments/${near}`, { method: "PATCH", body: JSON.stringify({ body: "edited" }) });
    expect(edit.status).toBe(200);
    expect(store.gets).toBeLessThanOrEqual(2);
    // Never read: looked for once, then known.
    store.gets = 0;
    await github.fetch(`${github.url}/repos/acme/support/issues/comments/${target}`, { method: "PATCH", body: JSON.stringify({ body: "edited" }) });
    await github.fetch(`${github.url}/repos/acme/support/issues/comments/${target}`, { method: "PATCH", body: JSON.stringify({ body: "edited again" }) });
    expect(store.gets).toBeLessThanOrEqual(251 + 4);
    expect(commentsOf(store.map.get("251")!)[0]!.body).toBe("edited again");
  });
});

describe("githubEntryFormat", () => {
  it("checks an entry with JSON paths, expected and found", () => {
    expect(githubEntryFormat.check({ issue: { number: "7", labels: [3] }, comments: [{ body: "x" }], timeline: [{ event: "commented" }] }, "issues[3]")).toEqual([
      'issues[3].issue.number: expected a number, found "7"',
      "issues[3].issue.labels[0]: expected a label name or a label object, found 3",
      "issues[3].comments[0].id: expected a number, found nothing",
      "issues[3].timeline[0].id: expected a number, found nothing",
    ]);
    expect(githubEntryFormat.check({ issue: { number: 1 } }, "issues[0]")).toEqual([]);
    expect(githubEntryFormat.check([], "issues[1]")).toEqual(["issues[1]: expected an object, found an array"]);
    expect(githubEntryFormat.keyOf({ issue: { number: 12 } })).toBe("12");
  });

  it("folds the labels, the issue fields with the options seen, and the largest id", () => {
    const fold = githubEntryFormat.catalog({ labels: ["triage"], issue_fields: [{ id: 501, name: "Priority", data_type: "single_select", options: [{ id: 1, name: "Urgent" }] }] });
    fold.add({ issue: { number: 1, id: 10, labels: ["Bug", { name: "bug" }], issue_field_values: [PRIORITY_VALUE("High", 2)] }, comments: [{ id: 9_999 }] });
    fold.add({ issue: { number: 2, id: 11, type: { name: "Incident" }, issue_field_values: [{ issue_field_name: "Root cause", data_type: "text", value: "DNS" }] }, timeline: [{ id: 12_000, event: "labeled" }] });
    const catalog = fold.result();
    expect(catalog.labels).toEqual(["triage", "Bug"]);
    expect(catalog.issueTypes).toEqual(["Incident"]);
    expect(catalog.issueFields).toEqual([
      { id: 501, node_id: "IFSS_501", name: "Priority", data_type: "single_select", options: [{ id: 1, name: "Urgent" }, { id: 2, name: "High", color: "red" }] },
      { id: 12_001, node_id: "IFSS_12001", name: "Root cause", data_type: "text" },
    ]);
    expect(catalog.maxId).toBe(12_001);
  });
});
