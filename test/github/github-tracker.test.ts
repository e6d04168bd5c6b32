import { afterEach, describe, expect, it } from "vitest";
import type { Issue } from "../../src/core/model.ts";
import type { Operation } from "../../src/core/plan.ts";
import { readMarker } from "../../src/core/text/hidden-key.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import type { FakeSeed } from "../fakes/github/fake-state.ts";
import { formBody, realisticSeed, restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
const MIN = 60_000;
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup(seed: FakeSeed, options: { pageSize?: number; pacing?: boolean } = {}) {
  fake = await startFakeGitHub([seed], { now: () => NOW });
  const octokit = createOctokit({ token: "t0k3n", baseUrl: fake.url, pacing: options.pacing ?? false, retryBaseMs: 5 });
  const tracker = createGitHubTracker({
    octokit,
    repository: seed.repository,
    graphqlUrl: fake.graphqlUrl,
    botLogins: ["shepherd-bot"],
    ...(options.pageSize === undefined ? {} : { pageSize: options.pageSize }),
  });
  return { fake, tracker };
}

async function collect(iterable: AsyncIterable<Issue>): Promise<Issue[]> {
  const issues: Issue[] = [];
  for await (const issue of iterable) issues.push(issue);
  return issues;
}

const op = <T extends Operation["kind"]>(kind: T, rest: Omit<Extract<Operation, { kind: T }>, "kind" | "rule" | "reason">) =>
  ({ kind, rule: "test", reason: "test", ...rest }) as unknown as Operation;

/** The write requests, in order: REST writes by their last path part, mutations by name. */
const writeRequests = (fake: FakeGitHub): string[] =>
  fake.requests
    .filter((r) => r.method !== "GET" && (r.path !== "/graphql" || /^\s*mutation\b/.test(String((r.body as { query?: unknown }).query))))
    .map((r) => `${r.path === "/graphql" ? r.operation : r.path.replace(/.*\//, "")} ${r.status}`);

describe("audit reads through GraphQL", () => {
  it.each([1, 99, 100, 250, 1000])("reads %i open issues in at most ⌈N/50⌉+5 requests", async (count) => {
    const { fake, tracker } = await setup({ ...realisticSeed(count, NOW), ownerType: "User" });
    const issues = await collect(tracker.listIssues({}));
    expect(issues).toHaveLength(count);
    expect(fake.requests.length).toBeLessThanOrEqual(Math.ceil(count / 50) + 5);
    expect(fake.violations).toEqual([]);
  });

  it("an organisation with issue types and fields costs two checks and the REST list, still within budget", async () => {
    const seed = { ...realisticSeed(1000, NOW), issueTypes: ["Bug", "Question"], issueFields: [] };
    seed.issues[0]!.issue.type = { name: "Bug" };
    const { fake, tracker } = await setup(seed);
    const issues = await collect(tracker.listIssues({}));
    expect(issues).toHaveLength(1000);
    expect(issues.find((i) => i.id === "acme/support#1")?.type).toBe("Bug");
    expect(fake.requests.length).toBeLessThanOrEqual(Math.ceil(1000 / 50) + 5);
    expect(fake.violations).toEqual([]);
  });

  it("converts an issue exactly as the REST path does (same people, history, keys)", async () => {
    const seed = realisticSeed(3, NOW);
    seed.issues[1]!.comments!.push(restComment("github-actions[bot]", "NONE", "Missing: Steps\n\n<!-- issue-shepherd:intake -->", NOW - 5 * MIN));
    seed.issues[1]!.timeline!.push(restEvent("closed", "li-wei", NOW - 4 * MIN, { state_reason: "not_planned" }));
    seed.issues[1]!.timeline!.push(restEvent("reopened", "reporter", NOW - 3 * MIN));
    const { tracker } = await setup(seed);
    const listed = await collect(tracker.listIssues({}));
    for (const issue of listed) {
      const fetched = await tracker.getIssue(issue.id);
      expect(issue).toEqual(fetched);
    }
    const two = listed[1] as Issue;
    expect(two.comments.at(-1)?.key).toBe("intake");
    expect(two.comments.at(-1)?.author).toMatchObject({ id: "github-actions[bot]", bot: true });
    expect(two.history.map((h) => h.kind)).toContain("reopened");
  });

  it("reads every comment and event of issues with more than 100 of them, in batched follow-ups", async () => {
    const seed = realisticSeed(30, NOW);
    for (const entry of seed.issues.slice(0, 12)) {
      for (let i = 0; i < 230; i++) entry.comments!.push(restComment("reporter", "NONE", `ping ${i}`, NOW - (300 - i) * MIN));
      for (let i = 0; i < 150; i++) entry.timeline!.push(restEvent(i % 2 ? "unlabeled" : "labeled", "li-wei", NOW - (300 - i) * MIN, { label: { name: "x" } }));
    }
    const { fake, tracker } = await setup(seed);
    const issues = await collect(tracker.listIssues({}));
    const byId = (n: number) => issues.find((i) => i.id === `acme/support#${n}`);
    expect(byId(1)?.comments).toHaveLength(240);
    expect(byId(1)?.history.length).toBe(160);
    expect(byId(20)?.comments).toHaveLength(10);
    // 1 page, 2 organisation checks, then comments (12 issues × 2 more pages, one after the
    // other) + events (12 × 1): the 24 follow-ups of the first round in one request, the 12 of
    // the second in another — as many to a request as the node limit allows.
    expect(fake.requests.map((r) => r.operation ?? r.path)).toEqual([
      "ShepherdAuditIssues",
      "/orgs/acme/issue-types",
      "/orgs/acme/issue-fields",
      ...Array<string>(2).fill("ShepherdMoreItems"),
    ]);
    expect(fake.violations).toEqual([]);
  });

  it("adds issues closed within the audit window, and only those", async () => {
    const seed = realisticSeed(5, NOW);
    seed.issues.push(
      { issue: restIssue({ number: 50, createdAt: NOW - 600 * MIN, state: "closed", stateReason: "completed", closedAt: NOW - 60 * MIN, body: formBody() }) },
      { issue: restIssue({ number: 51, createdAt: NOW - 9000 * MIN, state: "closed", stateReason: "completed", closedAt: NOW - 8000 * MIN }) },
    );
    const { tracker } = await setup(seed);
    const issues = await collect(tracker.listIssues({ closedSince: NOW - 24 * 60 * MIN }));
    expect(issues.map((i) => i.id).sort()).toEqual([...[1, 2, 3, 4, 5].map((n) => `acme/support#${n}`), "acme/support#50"]);
    expect(issues.at(-1)).toMatchObject({ state: "closed", closeReason: "completed" });
  });

  it("finds GraphQL where Enterprise Server has it (/api/graphql beside /api/v3) when no URL is given", async () => {
    const { fake } = await setup(realisticSeed(3, NOW));
    const tracker = createGitHubTracker({ octokit: createOctokit({ token: "x", baseUrl: fake.url, pacing: false }), repository: "acme/support" });
    expect(await collect(tracker.listIssues({}))).toHaveLength(3);
    expect(fake.requests[0]?.path).toBe("/graphql");
  });

  it("falls back to pages of 50 when a page of 100 keeps failing on GitHub's side", async () => {
    const { fake, tracker } = await setup(realisticSeed(120, NOW));
    fake.inject({ method: "POST", path: /graphql$/, status: 502, body: { message: "timeout" }, times: 4 });
    expect(await collect(tracker.listIssues({}))).toHaveLength(120);
    const pages = fake.requests.filter((r) => r.operation === "ShepherdAuditIssues" && r.status === 200);
    expect(pages.map((r) => (r.body as { variables: { pageSize: number } }).variables.pageSize)).toEqual([50, 50, 50]);
  });

  it("leaves pull requests out", async () => {
    const seed = realisticSeed(2, NOW);
    seed.issues.push({ issue: restIssue({ number: 9, createdAt: NOW - MIN, pullRequest: true }) });
    const { tracker } = await setup(seed);
    expect((await collect(tracker.listIssues({}))).map((i) => i.id).sort()).toEqual(["acme/support#1", "acme/support#2"]);
  });

  it("says not-found for a repository that does not exist", async () => {
    const { tracker } = await setup(realisticSeed(1, NOW));
    const other = createGitHubTracker({
      octokit: createOctokit({ token: "x", baseUrl: fake!.url, pacing: false }),
      repository: "acme/nope",
      graphqlUrl: fake!.graphqlUrl,
    });
    await expect(collect(other.listIssues({}))).rejects.toMatchObject({ kind: "not-found" });
    expect(tracker.name).toBe("acme/support");
  });
});

describe("writes through REST", () => {
  const seed = (): FakeSeed => ({
    repository: "acme/support",
    ownerType: "Organization",
    issueFields: [
      {
        id: 7,
        node_id: "IFSS_7",
        name: "Priority",
        data_type: "single_select",
        options: [
          { id: 1, name: "Urgent" },
          { id: 2, name: "High" },
          { id: 3, name: "Medium" },
        ],
      },
      { id: 8, node_id: "IFT_8", name: "Root cause", data_type: "text" },
    ],
    issues: [
      {
        issue: restIssue({ number: 1, createdAt: NOW - 60 * MIN, labels: ["bug", "priority/P2"] }),
        comments: [restComment("github-actions[bot]", "NONE", "old\n\n<!-- issue-shepherd:intake -->", NOW - 30 * MIN)],
      },
    ],
  });

  it("applies every kind of operation with requests the contract accepts", async () => {
    const { fake, tracker } = await setup(seed());
    const issue = await tracker.getIssue("acme/support#1");
    const commentId = issue.comments[0]!.id;
    const results = await tracker.apply(issue, [
      op("add-labels", { labels: ["needs-info", "priority/P1"] }),
      op("remove-labels", { labels: ["priority/P2", "not-there"] }),
      op("comment", { key: "sla-breach/resolution/cycle-1", body: "Resolution is 2h late.", mentions: ["chen-jing", "acme/support-leads"] }),
      op("edit-comment", { key: "intake", commentId, body: "All information is there.", mentions: [] }),
      op("assign", { assignees: ["li-wei"] }),
      op("close", { closeReason: "not_planned" }),
      op("reopen", {}),
      op("set-priority", { priority: "P1", native: "High", labels: { add: ["priority/P1"], remove: [] } }),
      op("set-field", { field: "Root cause", value: "DNS" }),
    ]);
    expect(results.filter((r) => !r.ok)).toEqual([]);
    expect(fake.violations).toEqual([]);
    const after = await tracker.getIssue("acme/support#1");
    expect(after.labels).toEqual(["bug", "needs-info", "priority/P1"]);
    expect(after.assignees.map((p) => p.id)).toEqual(["li-wei"]);
    expect(after.state).toBe("open");
    expect(after.fields).toMatchObject({ Priority: "High", "Root cause": "DNS" });
    expect(after.nativePriority).toBe("High");
    const posted = after.comments.at(-1)!;
    expect(posted.body).toBe("Resolution is 2h late.\n\ncc @chen-jing @acme/support-leads\n\n<!-- issue-shepherd:sla-breach/resolution/cycle-1 -->");
    expect(readMarker(posted.body)).toBe("sla-breach/resolution/cycle-1");
    expect(after.comments[0]!.body).toContain("All information is there.");
    expect(after.comments[0]!.key).toBe("intake");
  });

  it("fails what GitHub cannot do, with a clear message, and goes on with the rest", async () => {
    const { fake, tracker } = await setup(seed());
    const issue = await tracker.getIssue("1");
    fake.inject({ operation: "ShepherdApply", status: 500, body: { message: "Server Error" }, times: 10 });
    const results = await tracker.apply(issue, [
      op("transition", { to: "Done" }),
      op("add-labels", { labels: ["x"] }),
      op("set-field", { field: "Severity", value: "high" }),
      op("set-priority", { priority: "P0", native: "Critical" }),
      op("comment", { key: "k", body: "still written", mentions: [] }),
    ]);
    expect(results.map((r) => r.ok)).toEqual([false, false, false, false, true]);
    expect(results[0]?.error).toMatch(/invalid: .*Jira workflow step/);
    expect(results[1]?.error).toMatch(/^transient: add-labels x on acme\/support#1: 500/);
    expect(results[2]?.error).toMatch(/no issue field named "Severity"/);
    expect(results[3]?.error).toMatch(/has no option "Critical"/);
  });

  it("retries a secondary rate limit (403) and a 429 after their retry-after", async () => {
    const { fake, tracker } = await setup(seed());
    const issue = await tracker.getIssue("1");
    fake.inject({ operation: "ShepherdApply", status: 403, headers: { "retry-after": "1" }, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again." } });
    fake.inject({ method: "POST", path: /\/comments$/, status: 429, headers: { "retry-after": "1" }, body: { message: "Too many requests" } });
    const started = Date.now();
    const results = await tracker.apply(issue, [op("add-labels", { labels: ["a"] }), op("comment", { key: "k", body: "b", mentions: [] })]);
    expect(results.every((r) => r.ok)).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(1900);
    // Writes only: the GraphQL reads (the token's identity, the ids) are POSTs too. The label
    // the repository lacks is created first; the batch is refused once and sent again.
    expect(writeRequests(fake)).toEqual(["ShepherdCreateLabels 200", "ShepherdApply 403", "ShepherdApply 200", "comments 429", "comments 201"]);
  });

  it("does not retry a comment after a server error (it may exist already), but retries idempotent writes", async () => {
    const { fake, tracker } = await setup(seed());
    const issue = await tracker.getIssue("1");
    fake.inject({ method: "POST", path: /\/comments$/, status: 502, body: { message: "Bad Gateway" } });
    fake.inject({ operation: "ShepherdApply", status: 502, body: { message: "Bad Gateway" } });
    const results = await tracker.apply(issue, [op("comment", { key: "k", body: "b", mentions: [] }), op("add-labels", { labels: ["a"] })]);
    expect(results.map((r) => r.ok)).toEqual([false, true]);
    expect(writeRequests(fake)).toEqual(["comments 502", "ShepherdCreateLabels 200", "ShepherdApply 502", "ShepherdApply 200"]);
  });

  it("reports an unassignable person instead of pretending", async () => {
    const { fake, tracker } = await setup(seed());
    const issue = await tracker.getIssue("1");
    fake.state.unassignable.add("outsider");
    fake.state.unknownLogins.add("nobody-here");
    const results = await tracker.apply(issue, [op("assign", { assignees: ["outsider"] }), op("assign", { assignees: ["nobody-here"] })]);
    expect(results.map((r) => r.error)).toEqual([expect.stringMatching(/did not assign outsider/), expect.stringMatching(/GitHub has no user nobody-here/)]);
    expect((await tracker.getIssue("1")).assignees).toEqual([]);
  });

  it.each([
    [401, "auth"],
    [403, "auth"],
    [404, "not-found"],
    [422, "invalid"],
    [502, "transient"],
  ])("a %i answer is a %s error", async (status, kind) => {
    const { fake, tracker } = await setup(seed());
    fake.inject({ method: "GET", path: /\/issues\/1$/, status, body: { message: "nope" }, times: 5 });
    await expect(tracker.getIssue("1")).rejects.toMatchObject({ kind });
  });
});
