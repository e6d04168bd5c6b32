/**
 * Write economy on GitHub: an issue's labels, assignees and state go out as one GraphQL request
 * of add/remove mutations, through the real adapter against the fake GitHub (which runs them
 * against the real schema with GitHub's semantics).
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Issue } from "../../src/core/model.ts";
import type { Operation } from "../../src/core/plan.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import type { FakeSeed } from "../fakes/github/fake-state.ts";
import { restIssue } from "../fakes/github/make-issues.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const seed = (): FakeSeed => ({
  repository: "acme/support",
  ownerType: "User",
  labels: ["needs-info"],
  issues: [1, 2, 3].map((number) => ({ issue: restIssue({ number, createdAt: NOW - 3_600_000, labels: ["bug", "priority/P2"] }) })),
});

async function setup() {
  fake = await startFakeGitHub([seed()], { now: () => NOW });
  const octokit = createOctokit({ token: "t0k3n", baseUrl: fake.url, pacing: false, retryBaseMs: 5 });
  const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl });
  const issues: Issue[] = [];
  for await (const issue of tracker.listIssues({})) issues.push(issue);
  return { fake, tracker, issues };
}

const op = <T extends Operation["kind"]>(kind: T, rest: Omit<Extract<Operation, { kind: T }>, "kind" | "rule" | "reason">) =>
  ({ kind, rule: "test", reason: "test", ...rest }) as unknown as Operation;

/** Requests after `from`: REST by method and path end, GraphQL by operation name. */
const requestsSince = (fake: FakeGitHub, from: number): string[] =>
  fake.requests.slice(from).map((r) => (r.path === "/graphql" ? String(r.operation) : `${r.method} ${r.path.replace(/.*\/issues\//, "")}`));

const labelsOf = (fake: FakeGitHub, number: number) => fake.state.get("acme", "support", number)?.issue.labels.map((l) => l.name);

describe("one write request for an issue's labels, assignees and state", () => {
  it("sends them as one GraphQL request, in the plan's order, and leaves the issue as asked", async () => {
    const { fake, tracker, issues } = await setup();
    const from = fake.requests.length;
    const results = await tracker.apply(issues[0]!, [
      op("remove-labels", { labels: ["priority/P2"] }),
      op("add-labels", { labels: ["needs-info", "priority/P1"] }),
      op("assign", { assignees: ["li-wei"] }),
      op("close", { closeReason: "not_planned" }),
    ]);
    expect(results.map((r) => r.error)).toEqual([undefined, undefined, undefined, undefined]);
    expect(fake.violations).toEqual([]);
    // The first write of the run reads the repository's labels and the users' ids once; the
    // label the repository lacks is created once. Then one request for the issue.
    expect(requestsSince(fake, from)).toEqual(["ShepherdWriteIds", "ShepherdCreateLabels", "ShepherdApply"]);
    const entry = fake.state.get("acme", "support", 1)!;
    expect(labelsOf(fake, 1)).toEqual(["bug", "needs-info", "priority/P1"]);
    expect(entry.issue.assignees.map((a) => a.login)).toEqual(["li-wei"]);
    expect([entry.issue.state, entry.issue.state_reason]).toEqual(["closed", "not_planned"]);
    // GitHub's timeline: one event per change, by the token's account, in the plan's order.
    expect(entry.timeline.map((e) => `${e.event} ${e.label?.name ?? e.assignee?.login ?? ""}`.trim())).toEqual([
      "unlabeled priority/P2",
      "labeled needs-info",
      "labeled priority/P1",
      "assigned li-wei",
      "closed",
    ]);
  });

  it("the next issue with the same labels and people costs that one request only", async () => {
    const { fake, tracker, issues } = await setup();
    const plan = [op("add-labels", { labels: ["needs-info"] }), op("assign", { assignees: ["li-wei"] })];
    await tracker.apply(issues[0]!, plan);
    const from = fake.requests.length;
    const results = await tracker.apply(issues[1]!, [...plan, op("set-priority", { priority: "P1", labels: { add: ["priority/P1"], remove: ["priority/P2"] } }), op("reopen", {})]);
    expect(results.every((r) => r.ok)).toBe(true);
    // priority/P1 is new to the repository: created once, then the one request.
    expect(requestsSince(fake, from)).toEqual(["ShepherdWriteIds", "ShepherdCreateLabels", "ShepherdApply"]);
    const again = fake.requests.length;
    await tracker.apply(issues[2]!, results.map((r) => r.operation));
    expect(requestsSince(fake, again)).toEqual(["ShepherdApply"]);
    expect(labelsOf(fake, 3)).toEqual(["bug", "needs-info", "priority/P1"]);
  });

  it("keeps a label a person adds, and takes a label a person removed, between the read and the write", async () => {
    const { fake, tracker, issues } = await setup();
    const issue = issues[0]!;
    // After the audit read: a person labels the issue, and takes priority/P2 off themselves.
    const entry = fake.state.get("acme", "support", 1)!;
    entry.issue.labels = [{ name: "bug" }, { name: "customer-vip" }];
    const results = await tracker.apply(issue, [op("set-priority", { priority: "P1", labels: { add: ["priority/P1"], remove: ["priority/P2"] } })]);
    expect(results[0]?.ok).toBe(true);
    expect(labelsOf(fake, 1)).toEqual(["bug", "customer-vip", "priority/P1"]);
  });

  it("each mutation fails on its own: a label deleted since its id was read fails that step, the rest is applied", async () => {
    const { fake, tracker, issues } = await setup();
    await tracker.apply(issues[0]!, [op("add-labels", { labels: ["needs-info"] })]);
    fake.state.repo("acme", "support")!.labels.delete("needs-info");
    const results = await tracker.apply(issues[1]!, [op("add-labels", { labels: ["needs-info"] }), op("close", { closeReason: "completed" })]);
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(results[0]?.error).toMatch(/^not-found: add-labels needs-info on acme\/support#2: Could not resolve/);
    expect(fake.state.get("acme", "support", 2)?.issue.state).toBe("closed");
    // The stale id is forgotten: the next issue reads the label again and creates it anew.
    const from = fake.requests.length;
    const next = await tracker.apply(issues[2]!, [op("add-labels", { labels: ["needs-info"] })]);
    expect(next[0]?.ok).toBe(true);
    expect(requestsSince(fake, from)).toEqual(["ShepherdWriteIds", "ShepherdCreateLabels", "ShepherdApply"]);
  });

  it("a label another run created in between is read, not created twice", async () => {
    const { fake, tracker, issues } = await setup();
    await tracker.apply(issues[0]!, [op("add-labels", { labels: ["needs-info"] })]);
    // Created by someone after this tracker read the repository's labels.
    fake.state.ensureLabel(fake.state.repo("acme", "support")!, "sla-breached");
    const from = fake.requests.length;
    const results = await tracker.apply(issues[1]!, [op("add-labels", { labels: ["sla-breached"] })]);
    expect(results[0]?.ok).toBe(true);
    expect(requestsSince(fake, from)).toEqual(["ShepherdWriteIds", "ShepherdApply"]);
    expect([...fake.state.repo("acme", "support")!.labels.keys()].filter((k) => k === "sla-breached")).toHaveLength(1);
  });

  it("a refused token fails the batch as auth, and nothing after it is attempted", async () => {
    const { fake, tracker, issues } = await setup();
    fake.inject({ operation: "ShepherdWriteIds", status: 401, body: { message: "Bad credentials" } });
    const results = await tracker.apply(issues[0]!, [
      op("add-labels", { labels: ["needs-info"] }),
      op("close", { closeReason: "completed" }),
      op("comment", { key: "k", body: "b", mentions: [] }),
    ]);
    expect(results.map((r) => (r.notAttempted === true ? "not-attempted" : r.errorKind))).toEqual(["auth", "auth", "not-attempted"]);
    expect(fake.requests.filter((r) => r.method === "POST" && r.path !== "/graphql")).toEqual([]);
    expect(fake.state.get("acme", "support", 1)?.issue.state).toBe("open");
  });

  it("an issue fetched by REST (an event run) gets its node id with the ids read", async () => {
    const { fake, tracker } = await setup();
    const issue = await tracker.getIssue("2");
    const fresh = createGitHubTracker({ octokit: createOctokit({ token: "t", baseUrl: fake.url, pacing: false }), repository: "acme/support", graphqlUrl: fake.graphqlUrl });
    const from = fake.requests.length;
    const results = await fresh.apply(issue, [op("add-labels", { labels: ["needs-info"] })]);
    expect(results[0]?.ok).toBe(true);
    expect(requestsSince(fake, from)).toEqual(["ShepherdWriteIds", "ShepherdApply"]);
    expect((fake.requests.at(-2)?.body as { query: string }).query).toContain("issue(number: $number)");
  });
});
