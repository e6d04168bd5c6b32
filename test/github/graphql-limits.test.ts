import { parse } from "graphql";
import { afterEach, describe, expect, it } from "vitest";
import { AUDIT_ISSUES_QUERY, buildAuditQuery, buildMoreQuery, type MoreRequest, moreRoom, moreVariables } from "../../src/github/graphql-queries.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { MAX_NODES, queryLimits } from "../fakes/github/graphql-limits.ts";
import { loadGithubSchema } from "../../src/github/in-memory/github-schema.ts";

let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

const schema = await loadGithubSchema();
const limits = (query: string, variables: Record<string, unknown> = {}) => queryLimits(schema, parse(query), variables);

// The example of GitHub's documentation on node limits and rate-limit cost.
const DOCS_EXAMPLE = `query {
  viewer {
    repositories(first: 50) {
      edges { repository: node { name issues(first: 10) { totalCount edges { node { title bodyHTML } } } } }
    }
  }
}`;

const TOO_MANY = `query TooMany {
  viewer { repositories(first: 100) { nodes { issues(first: 100) { nodes { comments(first: 100) { totalCount } } } } } }
}`;

describe("the fake computes GitHub's GraphQL query limits", () => {
  it("nodes and cost as GitHub's documentation counts them", () => {
    expect(limits(DOCS_EXAMPLE)).toEqual({ nodes: 550, cost: 1, problems: [] });
    // 1 + 100 + 10,000 requests for the three connections: 101 points.
    expect(limits(TOO_MANY).cost).toBe(101);
  });

  it("counts the audit page query with its variables, fragments and both lists", () => {
    // Two lists of 100 issues, each with 100 labels, 50 assignees, 100 comments, 100 events, and
    // the newest 10 comments with 20 reactions each (a survey is answered by a reaction).
    expect(limits(AUDIT_ISSUES_QUERY, { pageSize: 100 })).toMatchObject({ nodes: 2 * (100 + 100 * 560), problems: [] });
    expect(limits(AUDIT_ISSUES_QUERY, { pageSize: 50 }).nodes).toBe(2 * (50 + 50 * 560));
    // Points: the reactions of the newest 10 comments cost 22 of a 100-issue page's 30 (8 without
    // them); under every comment they would cost 200.
    expect(limits(AUDIT_ISSUES_QUERY, { pageSize: 100 }).cost).toBe(30);
    expect(limits(AUDIT_ISSUES_QUERY, { pageSize: 50 }).cost).toBe(15);
  });

  it("the follow-ups the lister sends at most fill the node limit, and one more would break it", () => {
    const more = (count: number): MoreRequest[] => Array.from({ length: count }, (_, i) => ({ id: `I_${i}`, what: i % 2 ? "comments" : "timelineItems", after: "c" }));
    const page = { pageSize: 100 };
    const full = limits(buildAuditQuery(more(moreRoom(100))), { ...page, ...moreVariables(more(moreRoom(100))) });
    expect(full.problems).toEqual([]);
    expect(full.nodes).toBeGreaterThan(MAX_NODES - 100);
    expect(limits(buildAuditQuery(more(moreRoom(100) + 1)), page).problems).toHaveLength(1);
    expect(limits(buildMoreQuery(more(moreRoom()))).nodes).toBe(MAX_NODES);
    expect(limits(buildMoreQuery(more(moreRoom() + 1))).problems).toHaveLength(1);
  });

  it("names what breaks a limit", () => {
    expect(limits(TOO_MANY).problems).toEqual([expect.stringMatching(/comments connection, it is requesting up to 1,010,100 possible nodes which exceeds the maximum limit of 500,000/)]);
    expect(limits("{ viewer { repositories(first: 101) { totalCount } } }").problems).toEqual([expect.stringMatching(/Requesting 101 records on the `repositories` connection exceeds the `first` limit of 100/)]);
    expect(limits("{ viewer { repositories { totalCount } } }").problems).toEqual([expect.stringMatching(/must provide a `first` or `last` value .*`repositories`/)]);
  });

  it("refuses a query over the node limit whole, as GitHub does, and records it as a violation", async () => {
    fake = await startFakeGitHub([]);
    const response = await fetch(fake.graphqlUrl, { method: "POST", headers: { authorization: "bearer t" }, body: JSON.stringify({ query: TOO_MANY }) });
    const body = (await response.json()) as { data?: unknown; errors: { type: string }[] };
    expect(body.data).toBeUndefined();
    expect(body.errors.map((e) => e.type)).toEqual(["MAX_NODE_LIMIT_EXCEEDED"]);
    expect(fake.violations).toHaveLength(1);
    expect(fake.requests[0]).toMatchObject({ nodes: 1_010_100, cost: 101 });
    expect(response.headers.get("x-ratelimit-resource")).toBe("graphql");
  });
});
