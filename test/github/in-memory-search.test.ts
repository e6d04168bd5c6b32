/**
 * `GET /search/issues` of the in-memory GitHub (behind the fake server, requests checked against
 * the REST contract): GitHub's semantics for the qualifiers the case search uses, words and
 * phrases joined by OR, Chinese text, best match first, and GitHub's refusals.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { solvedIssuesQuery } from "../../src/github/search-solved-issues.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { restComment, restIssue } from "../fakes/github/make-issues.ts";

const T = Date.parse("2026-03-01T00:00:00Z");
let fake: FakeGitHub | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start() {
  fake = await startFakeGitHub([
    {
      repository: "acme/support",
      ownerType: "User",
      issues: [
        { issue: restIssue({ number: 1, title: "Checkout timeout at the payment gateway", createdAt: T, state: "closed", stateReason: "completed", closedAt: T + 1 }), comments: [] },
        { issue: restIssue({ number: 2, title: "Refund stuck", body: "The connection pool ran dry", createdAt: T + 2, state: "closed", stateReason: "completed", closedAt: T + 3 }), comments: [] },
        { issue: restIssue({ number: 3, title: "Checkout timeout again", createdAt: T + 4 }), comments: [] },
        { issue: restIssue({ number: 4, title: "Checkout timeout, won't fix", createdAt: T + 5, state: "closed", stateReason: "not_planned", closedAt: T + 6 }), comments: [] },
        { issue: restIssue({ number: 5, title: "支付回调超时", body: "微信支付回调超时", createdAt: T + 7, state: "closed", stateReason: "completed", closedAt: T + 8 }), comments: [] },
        // The words only in a comment: GitHub's search reads comments too.
        { issue: restIssue({ number: 6, title: "Slow page", createdAt: T + 9, state: "closed", stateReason: "completed", closedAt: T + 10 }), comments: [restComment("li-wei", "MEMBER", "It was a gateway timeout.", T + 9)] },
        { issue: restIssue({ number: 7, title: "Checkout timeout in the PR", createdAt: T + 11, state: "closed", stateReason: "completed", closedAt: T + 12, pullRequest: true }), comments: [] },
        // "timeouts" is not the word "timeout".
        { issue: restIssue({ number: 8, title: "Many timeouts", createdAt: T + 13, state: "closed", stateReason: "completed", closedAt: T + 14 }), comments: [] },
      ],
    },
  ]);
  const octokit = createOctokit({ token: "t0k3n", baseUrl: fake.url, pacing: false, retryBaseMs: 5 });
  const search = async (terms: string[]) => {
    const { data } = await octokit.request("GET /search/issues", { q: solvedIssuesQuery("acme", "support", terms), advanced_search: "true" });
    return (data.items as { number: number }[]).map((i) => i.number);
  };
  return { fake, octokit, search };
}

describe("the in-memory GitHub's issue search", () => {
  it("closed, completed issues of the repository holding any term, in the title, body or comments; best match first", async () => {
    const { fake, search } = await start();
    expect(await search(["timeout", "gateway"])).toEqual([1, 6]);
    expect(await search(["connection pool"])).toEqual([2]);
    expect(await search(["回调超时"])).toEqual([5]);
    expect(await search(["nothing-like-it"])).toEqual([]);
    expect(fake.violations).toEqual([]);
  });

  it("refuses what GitHub refuses: more than five operators, an unknown qualifier, no query", async () => {
    const { octokit } = await start();
    const status = (q: string) =>
      octokit.request("GET /search/issues", { q }).then(
        () => 200,
        (error: { status?: number }) => error.status,
      );
    expect(await status(`repo:acme/support ${Array.from({ length: 7 }, (_, i) => `w${i}`).join(" OR ")}`)).toBe(422);
    expect(await status("repo:acme/support is:issue label:bug timeout")).toBe(422);
    expect(await status("repo:acme/support is:issue (timeout")).toBe(422);
    expect(await status(" ")).toBe(422);
    expect(await status(solvedIssuesQuery("acme", "support", ["a", "b", "c", "d", "e", "f"]))).toBe(200);
  });
});
