import { afterEach, describe, expect, it } from "vitest";
import type { Issue } from "../../src/core/model.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import type { FakeSeed } from "../fakes/github/fake-state.ts";
import { MAX_NODES } from "../fakes/github/graphql-limits.ts";
import { restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";
import { type IssueSize, minimumReads } from "../fakes/github/read-minimum.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
const MIN = 60_000;
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

/** Open issues of the given sizes; comment and event texts carry the issue and their index. */
function seedOf(sizes: readonly IssueSize[]): FakeSeed {
  return {
    repository: "acme/support",
    ownerType: "User",
    issues: sizes.map((size, i) => {
      const n = i + 1;
      const createdAt = NOW - 100 * 24 * 60 * MIN + n * MIN;
      return {
        issue: restIssue({ number: n, createdAt, labels: ["bug"] }),
        comments: Array.from({ length: size.comments }, (_, c) => restComment(c % 2 ? "li-wei" : "reporter", c % 2 ? "MEMBER" : "NONE", `#${n} comment ${c}`, createdAt + c * 1000)),
        timeline: Array.from({ length: size.events }, (_, e) =>
          restEvent(e % 2 ? "unlabeled" : "labeled", "li-wei", createdAt + e * 1000, { label: { name: `l${n}-${e >> 1}` } }),
        ),
      };
    }),
  };
}

async function readAll(seed: FakeSeed): Promise<{ issues: Issue[]; fake: FakeGitHub }> {
  fake = await startFakeGitHub([seed], { now: () => NOW });
  const octokit = createOctokit({ token: "t", baseUrl: fake.url, pacing: false, retryBaseMs: 1 });
  const tracker = createGitHubTracker({ octokit, repository: seed.repository, graphqlUrl: fake.graphqlUrl, botLogins: [] });
  const issues: Issue[] = [];
  for await (const issue of tracker.listIssues({})) issues.push(issue);
  return { issues, fake };
}

/** Every comment and event of every issue, in order, as seeded. */
function expectComplete(issues: readonly Issue[], sizes: readonly IssueSize[]): void {
  expect(issues).toHaveLength(sizes.length);
  for (const issue of issues) {
    const n = Number(issue.id.split("#")[1]);
    const size = sizes[n - 1]!;
    expect(issue.comments.map((c) => c.body), issue.id).toEqual(Array.from({ length: size.comments }, (_, c) => `#${n} comment ${c}`));
    expect(issue.history.map((h) => (h.kind === "labeled" || h.kind === "unlabeled" ? `${h.kind} ${h.label}` : h.kind)), issue.id).toEqual(
      Array.from({ length: size.events }, (_, e) => `${e % 2 ? "unlabeled" : "labeled"} l${n}-${e >> 1}`),
    );
  }
}

const graphqlRequests = (f: FakeGitHub) => f.requests.filter((r) => r.path === "/graphql");

describe("long issues are read in as few requests as GitHub's node limits allow", () => {
  it("200 issues with 250 comments and 150 events: the minimum, 4 requests, every comment and event", async () => {
    const sizes = Array.from({ length: 200 }, () => ({ comments: 250, events: 150 }));
    const { issues, fake } = await readAll(seedOf(sizes));
    expectComplete(issues, sizes);
    expect(minimumReads(sizes)).toBe(4);
    expect(graphqlRequests(fake)).toHaveLength(4);
    expect(fake.violations).toEqual([]);
    for (const r of graphqlRequests(fake)) expect(r.nodes).toBeLessThanOrEqual(MAX_NODES);
  });

  it("100 issues with 1,000 comments: the minimum, 10 requests", async () => {
    const sizes = Array.from({ length: 100 }, () => ({ comments: 1000, events: 3 }));
    const { issues, fake } = await readAll(seedOf(sizes));
    expectComplete(issues, sizes);
    expect(minimumReads(sizes)).toBe(10);
    expect(graphqlRequests(fake)).toHaveLength(10);
    expect(fake.violations).toEqual([]);
  });

  it("long issues among short ones on several pages: complete, within 1.2× the minimum", async () => {
    const sizes = Array.from({ length: 450 }, (_, i) => (i % 9 === 0 ? { comments: 101 + i, events: i % 2 ? 230 : 0 } : { comments: i % 7, events: i % 5 }));
    const { issues, fake } = await readAll(seedOf(sizes));
    expectComplete(issues, sizes);
    expect(graphqlRequests(fake).length).toBeLessThanOrEqual(Math.ceil(1.2 * minimumReads(sizes)));
    expect(fake.violations).toEqual([]);
  });

  it("a request of many follow-ups that keeps failing on GitHub's side is split, and every comment is still read", async () => {
    const sizes = Array.from({ length: 40 }, () => ({ comments: 180, events: 120 }));
    fake = await startFakeGitHub([seedOf(sizes)], { now: () => NOW });
    // Four attempts (the first and three retries of a server error) fail: then the request is
    // sent again with half the follow-ups.
    fake.inject({ method: "POST", operation: "ShepherdMoreItems", status: 502, times: 4 });
    const octokit = createOctokit({ token: "t", baseUrl: fake.url, pacing: false, retryBaseMs: 1 });
    const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl, botLogins: [] });
    const issues: Issue[] = [];
    for await (const issue of tracker.listIssues({})) issues.push(issue);
    expectComplete(issues, sizes);
    const sent = graphqlRequests(fake).filter((r) => r.status === 200);
    // The page, then 80 follow-ups split into 40 + 40.
    expect(sent.map((r) => r.nodes)).toEqual([2 * (100 + 100 * 560), 40 * 100, 40 * 100]);
  });
});
