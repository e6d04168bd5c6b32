/**
 * Every answer the GitHub adapter reads that is not what GitHub documents ends in a message that
 * names the answer and says what was expected and what was found — a TrackerError of kind
 * "invalid" — never a stack trace like `.filter is not a function` or an issue id `acme/support#?`.
 * Answers come from the fake GitHub, rewritten into the malformed shape.
 */
import { afterEach, describe, expect, it } from "vitest";
import type { Issue } from "../../src/core/model.ts";
import { type SkippedIssue, TrackerError } from "../../src/core/tracker.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { type FakeGitHub, startFakeGitHub, type Fault } from "../fakes/github/fake-github-server.ts";
import { formBody, restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
const HOUR = 3_600_000;
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

type Json = Record<string, unknown>;

async function setup(commentCount = 1) {
  const issues = [1, 2].map((number) => ({
    issue: restIssue({ number, body: formBody(), labels: ["bug", "priority/P1"], createdAt: NOW - 2 * HOUR }),
    comments: Array.from({ length: number === 2 ? commentCount : 1 }, (_, i) => restComment("li-wei", "MEMBER", `c${i}`, NOW - HOUR + i)),
    timeline: [restEvent("labeled", "li-wei", NOW - HOUR, { label: { name: "priority/P1" } })],
  }));
  fake = await startFakeGitHub([{ repository: "acme/support", ownerType: "User", issues }], { now: () => NOW });
  const tracker = createGitHubTracker({
    octokit: createOctokit({ token: "t", baseUrl: fake.url, pacing: false, retryBaseMs: 1 }),
    repository: "acme/support",
    graphqlUrl: fake.graphqlUrl,
  });
  return { fake, tracker };
}

async function failure(promise: Promise<unknown>): Promise<TrackerError> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof TrackerError) return error;
    throw new Error(`expected a TrackerError, got ${String(error)}`, { cause: error });
  }
  throw new Error("expected a failure");
}

const set = (change: (body: Json) => void) => (body: unknown) => {
  change(body as Json);
  return body;
};
const page = (body: unknown) => (body as { data: { repository: { open: { nodes: Json[] } } } }).data.repository;

describe("a malformed REST answer while reading one issue", () => {
  it.each<[string, Omit<Fault, "status">, string]>([
    ["labels: null", { path: /issues\/2$/, rewrite: set((b) => void (b.labels = null)) }, "GET /repos/acme/support/issues/2: labels: expected a list, found null"],
    ["labels an object", { path: /issues\/2$/, rewrite: set((b) => void (b.labels = { name: "bug" })) }, "labels: expected a list, found an object"],
    ["no number", { path: /issues\/2$/, rewrite: set((b) => void delete b.number) }, "GET /repos/acme/support/issues/2: number: expected an issue number, found nothing"],
    ["another issue", { path: /issues\/2$/, rewrite: set((b) => void (b.number = 3)) }, "number: expected 2, found 3"],
    ["a text, not an issue", { path: /issues\/2$/, rewrite: () => "<html>proxy error</html>" }, 'the issue: expected an object, found "<html>proxy error</html>"'],
    ["assignees: null", { path: /issues\/2$/, rewrite: set((b) => void (b.assignees = null)) }, "assignees: expected a list, found null"],
    ["no created_at", { path: /issues\/2$/, rewrite: set((b) => void delete b.created_at) }, "created_at: expected a date-time, found nothing"],
    ["comments an object", { path: /issues\/2\/comments$/, rewrite: () => ({ comments: [] }) }, "GET /repos/acme/support/issues/2/comments: comments: expected a list, found an object"],
    ["a comment without time", { path: /issues\/2\/comments$/, rewrite: (b) => (b as Json[]).map((c) => ({ ...c, created_at: null })) }, "comments[0].created_at: expected a date-time, found null"],
    ["timeline: null", { path: /issues\/2\/timeline$/, rewrite: () => null }, "GET /repos/acme/support/issues/2/timeline: timeline: expected a list, found null"],
  ])("%s", async (_name, fault, message) => {
    const { fake, tracker } = await setup();
    fake.inject({ method: "GET", status: 200, ...fault });
    const error = await failure(tracker.getIssue("2"));
    expect(error.kind).toBe("invalid");
    expect(error.message).toContain(message);
    expect(error.message).not.toMatch(/is not a function|#\?/);
  });
});

describe("a malformed GraphQL answer during an audit", () => {
  const audit = async (tracker: { listIssues: (scope: { onSkip: (s: SkippedIssue) => void }) => AsyncIterable<Issue> }) => {
    const skipped: SkippedIssue[] = [];
    const issues: string[] = [];
    for await (const issue of tracker.listIssues({ onSkip: (s) => skipped.push(s) })) issues.push(issue.id);
    return { issues, skipped };
  };

  it.each<[string, (body: unknown) => unknown, string]>([
    ["repository.open: null", set((b) => void ((b.data as Json).repository = { ...page(b), open: null })), "repository.open: expected an object, found null"],
    ["nodes an object", set((b) => void ((page(b) as unknown as Json).open = { pageInfo: { hasNextPage: false, endCursor: null }, nodes: {} })), "repository.open.nodes: expected a list, found an object"],
    ["no pageInfo", set((b) => void delete (page(b).open as unknown as Json).pageInfo), "repository.open.pageInfo: expected an object, found nothing"],
    ["no repository", () => ({ data: {} }), "data.repository: expected the repository, found nothing"],
    ["data a list", () => ({ data: [] }), "data.repository: expected the repository, found a list of 0"],
  ])("page with %s: the audit stops with a message", async (_name, rewrite, message) => {
    const { fake, tracker } = await setup();
    fake.inject({ method: "POST", path: /graphql/, operation: "ShepherdAuditIssues", status: 200, rewrite });
    const error = await failure(audit(tracker));
    expect(error.kind).toBe("invalid");
    expect(error.message).toContain("GraphQL ShepherdAuditIssues for acme/support");
    expect(error.message).toContain(message);
  });

  it.each<[string, (node: Json) => void, string, string]>([
    ["number missing", (n) => void delete n.number, "acme/support (an open issue without a number)", "number: expected an issue number, found nothing"],
    ["a label without name", (n) => void ((n.labels as { nodes: Json[] }).nodes[0] = {}), "acme/support#2", "labels.nodes[0].name: expected a text, found nothing"],
    ["state: null", (n) => void (n.state = null), "acme/support#2", "state: expected a text, found null"],
    ["comments.nodes: null", (n) => void ((n.comments as Json).nodes = null), "acme/support#2", "comments.nodes: expected a list, found null"],
  ])("issue node with %s: that issue is skipped, the others read", async (_name, change, id, message) => {
    const { fake, tracker } = await setup();
    fake.inject({
      method: "POST",
      path: /graphql/,
      operation: "ShepherdAuditIssues",
      status: 200,
      rewrite: set((b) => {
        for (const node of page(b).open.nodes) if (node.number === 2) change(node);
      }),
    });
    const { issues, skipped } = await audit(tracker);
    expect(issues).toEqual(["acme/support#1"]);
    expect(skipped).toEqual([{ id, reason: expect.stringContaining(message) as string }]);
    expect(skipped[0]!.reason).toMatch(/read again next run$/);
  });

  it("a follow-up page of comments that is null skips that issue", async () => {
    const { fake, tracker } = await setup(130);
    fake.inject({ method: "POST", path: /graphql/, operation: "ShepherdMoreItems", status: 200, rewrite: () => ({ data: { m0: { comments: null } } }) });
    const { issues, skipped } = await audit(tracker);
    expect(issues).toEqual(["acme/support#1"]);
    expect(skipped).toEqual([{ id: "acme/support#2", reason: expect.stringContaining("comments: expected an object, found null") as string }]);
  });
});
