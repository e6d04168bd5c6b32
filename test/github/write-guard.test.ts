/**
 * The looks around a comment, through the real adapter against the fake GitHub: before a plan
 * that comments is applied, one request tells whether the issue changed since the audit read it
 * (a full read and a new plan only when it did), and after posting one more tells whether a
 * racing run posted the same notice first.
 */
import { afterEach, describe, expect, it } from "vitest";
import { applyPlan } from "../../src/audit/apply-plan.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { restIssue } from "../fakes/github/make-issues.ts";

const NOW = Date.parse("2026-03-11T02:00:00Z");
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function setup() {
  const { rules } = readRules("rules/support.yml");
  if (!rules) throw new Error("the preset does not load");
  fake = await startFakeGitHub(
    [{ repository: "acme/support", ownerType: "User", issues: [{ issue: restIssue({ number: 1, title: "Checkout fails", createdAt: NOW - 3_600_000 }) }] }],
    { now: () => NOW },
  );
  const octokit = createOctokit({ token: "t0k3n", baseUrl: fake.url, pacing: false, retryBaseMs: 5 });
  const tracker = createGitHubTracker({ octokit, repository: "acme/support", graphqlUrl: fake.graphqlUrl });
  const issues: Issue[] = [];
  for await (const issue of tracker.listIssues({})) issues.push(issue);
  const issue = issues[0];
  if (!issue) throw new Error("no issue listed");
  return { fake, tracker, rules, issue, plan: evaluate(issue, rules, NOW) };
}

const restSince = (fake: FakeGitHub, from: number): string[] =>
  fake.requests.slice(from).flatMap((r) => (r.path === "/graphql" ? [] : [`${r.method} ${r.path.replace(/.*\/issues\//, "")}`]));

describe("the looks around a comment", () => {
  it("an unchanged issue costs one look before and one after posting, and keeps its plan", async () => {
    const { fake, tracker, rules, issue, plan } = await setup();
    expect(plan.operations.some((op) => op.kind === "comment")).toBe(true);
    const from = fake.requests.length;
    const applied = await applyPlan({ tracker, rules, now: NOW, issue, plan });
    expect(applied.plan).toBe(plan);
    expect(applied.operations.every((op) => op.status === "applied")).toBe(true);
    expect(restSince(fake, from)).toEqual(["GET 1", "POST 1/comments", "GET 1/comments"]);
  });

  it("an issue changed since the read is read whole and planned again", async () => {
    const { fake, tracker, rules, issue, plan } = await setup();
    // A person answers in the meantime (the fake moves updated_at as GitHub does).
    await fetch(`${fake.url}/repos/acme/support/issues/1/comments`, {
      method: "POST",
      headers: { authorization: "token t0k3n", "content-type": "application/json" },
      body: JSON.stringify({ body: "Looking into it" }),
    });
    const from = fake.requests.length;
    const applied = await applyPlan({ tracker, rules, now: NOW, issue, plan });
    expect(applied.plan).not.toBe(plan);
    const rest = restSince(fake, from);
    expect(rest.slice(0, 2)).toEqual(["GET 1", "GET 1"]);
    expect(rest).toContain("GET 1/timeline");
  });
});
