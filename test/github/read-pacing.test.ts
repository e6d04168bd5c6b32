import { afterEach, describe, expect, it } from "vitest";
import { createOctokit, type GitHubClient } from "../../src/github/create-octokit.ts";
import { graphqlRequest } from "../../src/github/graphql-request.ts";
import { isGraphqlRead } from "../../src/github/pace-reads.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { realisticSeed } from "../fakes/github/make-issues.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const VIEWER = "query ShepherdViewer { viewer { login } }";

/**
 * How long each request waited inside the Octokit before it went out: from the outermost hook
 * (registered last, so it runs first) to the call of `fetch`. Nothing of the server's time counts.
 */
function waits(octokit: GitHubClient, fetchCalls: number[]): () => { kind: string; ms: number; sentAt: number }[] {
  const seen: { kind: string; start: number }[] = [];
  octokit.hook.before("request", (options) => {
    const query = (options as { query?: unknown }).query;
    const kind = typeof query === "string" ? (query.trim().startsWith("mutation") ? "mutation" : "query") : String(options.method);
    seen.push({ kind, start: performance.now() });
  });
  // Requests go one at a time here, so the n-th fetch belongs to the n-th request.
  return () => seen.map((s, i) => ({ kind: s.kind, ms: (fetchCalls[i] ?? Number.NaN) - s.start, sentAt: fetchCalls[i] ?? Number.NaN }));
}

describe("GraphQL reads are paced by GitHub's read limits, not behind the writes", () => {
  it("read queries go out at once between paced writes", async () => {
    fake = await startFakeGitHub([{ ...realisticSeed(3, NOW), ownerType: "User" }], { now: () => NOW });
    const fetchCalls: number[] = [];
    const octokit = createOctokit({
      token: "t",
      baseUrl: fake.url,
      fetch: (input, init) => {
        fetchCalls.push(performance.now());
        return fetch(input, init);
      },
    });
    const measured = waits(octokit, fetchCalls);
    const write = () => octokit.request("POST /repos/{owner}/{repo}/issues/{issue_number}/labels", { owner: "acme", repo: "support", issue_number: 1, labels: ["triage"] });
    const read = () => graphqlRequest(octokit, fake!.graphqlUrl, VIEWER, {}, "reading the viewer");
    // Requests one after another, as the audit sends them: each read right after a write.
    await write();
    await read();
    await write();
    await read();
    await read();
    await octokit.request(`POST ${fake.graphqlUrl}`, { query: "mutation ShepherdNothing { __typename }" }).catch(() => undefined);
    const list = measured();
    expect(list.map((w) => w.kind)).toEqual(["POST", "query", "POST", "query", "query", "mutation"]);
    // Behind the throttling plugin's write spacing each read right after a write waited most of a
    // second; routed by the read limits a read waits for nothing.
    for (const w of list.filter((w) => w.kind === "query")) expect(w.ms, "a read waited behind the writes").toBeLessThan(300);
  });

  it("waits for the reset when GitHub reports the hour's points used up, then reads", async () => {
    fake = await startFakeGitHub([], { now: () => NOW });
    const slept: number[] = [];
    const octokit = createOctokit({
      token: "t",
      baseUrl: fake.url,
      pacing: false,
      sleep: (ms) => {
        slept.push(ms);
        fake!.graphqlRemaining = 5000;
        return Promise.resolve();
      },
    });
    fake.graphqlRemaining = 1;
    fake.graphqlResetAt = Math.floor(Date.now() / 1000) + 30;
    // This one spends the last point; the answer says none is left for the next.
    await graphqlRequest(octokit, fake.graphqlUrl, VIEWER, {}, "reading the viewer");
    expect(slept).toEqual([]);
    const data = await graphqlRequest<{ viewer: { login: string } }>(octokit, fake.graphqlUrl, VIEWER, {}, "reading the viewer");
    expect(data.viewer.login).toBe("github-actions[bot]");
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(25_000);
    expect(slept[0]).toBeLessThanOrEqual(32_000);
    // No request was spent on a refusal.
    expect(fake.requests.filter((r) => r.status !== 200)).toEqual([]);
    expect(fake.requests).toHaveLength(2);
  });

  it("a RATE_LIMITED answer is retried after the reset, and given up as a rate limit after the retries", async () => {
    fake = await startFakeGitHub([], { now: () => NOW });
    const slept: number[] = [];
    const octokit = createOctokit({ token: "t", baseUrl: fake.url, pacing: false, rateLimitRetries: 2, sleep: (ms) => (slept.push(ms), Promise.resolve()) });
    fake.graphqlRemaining = 0;
    fake.graphqlResetAt = Math.floor(Date.now() / 1000) + 10;
    await expect(graphqlRequest(octokit, fake.graphqlUrl, VIEWER, {}, "reading the viewer")).rejects.toThrow(/rate-limit|rate limit/);
    expect(fake.requests).toHaveLength(3);
    expect(slept).toHaveLength(2);
    fake.graphqlRemaining = 10;
    const octokit2 = createOctokit({
      token: "t",
      baseUrl: fake.url,
      pacing: false,
      sleep: () => ((fake!.graphqlRemaining = 10), Promise.resolve()),
    });
    fake.graphqlRemaining = 0;
    await expect(graphqlRequest(octokit2, fake.graphqlUrl, VIEWER, {}, "reading the viewer")).resolves.toEqual({ viewer: { login: "github-actions[bot]" } });
  });

  it("reads count against the minute's GraphQL points that writes share, and wait only when those are used up", async () => {
    fake = await startFakeGitHub([], { now: () => NOW });
    let t = Date.now();
    const slept: number[] = [];
    const octokit = createOctokit({ token: "t", baseUrl: fake.url, limits: { graphqlPointsPerMinute: 3 }, now: () => t, sleep: (ms) => (slept.push(ms), (t += ms), Promise.resolve()) });
    for (let i = 0; i < 3; i++) await graphqlRequest(octokit, fake.graphqlUrl, VIEWER, {}, "reading the viewer");
    expect(slept).toEqual([]);
    await graphqlRequest(octokit, fake.graphqlUrl, VIEWER, {}, "reading the viewer");
    expect(slept).toHaveLength(1);
    expect(slept[0]).toBeGreaterThan(55_000);
    expect(slept[0]).toBeLessThanOrEqual(60_000);
  });

  it("a read that fails on GitHub's side is retried with the retry policy's back-off, then given up as a server error", async () => {
    fake = await startFakeGitHub([], { now: () => NOW });
    const slept: number[] = [];
    const octokit = createOctokit({ token: "t", baseUrl: fake.url, pacing: false, retryBaseMs: 10, random: () => 0.5, sleep: (ms) => (slept.push(ms), Promise.resolve()) });
    fake.inject({ path: /graphql/, status: 502, times: 1 });
    fake.inject({ path: /graphql/, status: 200, body: { errors: [{ message: "Something went wrong while executing your query. This may be the result of a timeout." }] }, times: 1 });
    await expect(graphqlRequest(octokit, fake.graphqlUrl, VIEWER, {}, "reading the viewer")).resolves.toEqual({ viewer: { login: "github-actions[bot]" } });
    // Doubling from retryBaseMs, as every other GitHub request (jitter at its middle).
    expect(slept).toEqual([10, 20]);
    fake.inject({ path: /graphql/, status: 502, times: 4 });
    await expect(graphqlRequest(octokit, fake.graphqlUrl, VIEWER, {}, "reading the viewer")).rejects.toThrow(/^reading the viewer: 502/);
    expect(fake.requests).toHaveLength(7);
  });

  it.each([
    ["a named query is a read", "query A { viewer { login } }", true],
    ["a bare selection is a read", "{ viewer { login } }", true],
    ["a query after a fragment is a read", "fragment F on User { login }\nquery A { viewer { ...F } }", true],
    ["a query that says mutation in a string is a read", 'query A { repository(owner: "mutation", name: "x") { id } }', true],
    ["a mutation is a write", 'mutation A { addStar(input: {starrableId: "x"}) { clientMutationId } }', false],
    ["a mutation after a comment is a write", "# read nothing\nmutation A { __typename }", false],
    ["a document with a query and a mutation is a write", "query A { viewer { login } }\nmutation B { __typename }", false],
  ])("%s", (_name, query, read) => {
    expect(isGraphqlRead({ method: "POST", url: "https://api.github.com/graphql", query })).toBe(read);
    expect(isGraphqlRead({ method: "POST", url: "https://ghe.example/api/graphql", query })).toBe(read);
  });

  it("REST requests are not GraphQL reads", () => {
    expect(isGraphqlRead({ method: "POST", url: "/repos/a/b/issues/1/labels", query: "query A { x }" })).toBe(false);
    expect(isGraphqlRead({ method: "GET", url: "/graphql", query: "query A { x }" })).toBe(false);
  });
});
