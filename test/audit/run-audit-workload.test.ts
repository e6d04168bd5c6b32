/**
 * An audit that does not hold every issue still routes on the whole run's workload: least-loaded
 * routing counts every open issue's assignees, including issues listed after the one routed, and
 * the assignments planned before it. Through the real GitHub adapter against the fake, with the
 * issues kept between planning and applying, and with none kept (each read again when needed).
 */
import { describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { load, lines } from "../core/load-in-memory.ts";
import { startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { formBody, restIssue } from "../fakes/github/make-issues.ts";

const HOUR = 3_600_000;
const REPO = "acme/support";
const NOW = Date.parse("2026-03-11T10:00:00Z");

const RULES = lines(
  "extends: support",
  "groups:",
  "  app-team: { members: [alice, bob], pick: least-loaded }",
  "categories:",
  "  software: { group: app-team, labels: [software] }",
);

/** Two new issues to route first; then alice's four open issues and bob's one. */
async function setup() {
  const body = formBody([]);
  const make = (number: number, assignees: string[], labels: string[]) => ({
    issue: restIssue({ number, body, labels: ["priority/P3", ...labels], assignees, createdAt: NOW - HOUR }, REPO),
  });
  const issues = [
    make(1, [], ["software"]),
    make(2, [], ["software"]),
    ...[3, 4, 5, 6].map((number) => make(number, ["alice"], [])),
    make(7, ["bob"], []),
  ];
  const fake = await startFakeGitHub([{ repository: REPO, ownerType: "Organization", issues }]);
  const tracker = createGitHubTracker({ octokit: createOctokit({ token: "ghs_fake", baseUrl: fake.url, pacing: false }), repository: REPO, graphqlUrl: fake.graphqlUrl });
  const { rules, messages } = load(RULES);
  if (rules === undefined) throw new Error(messages.join("\n"));
  return { fake, tracker, rules };
}

const assigned = (report: Awaited<ReturnType<typeof runAudit>>) =>
  report.issues.map((issue) => [issue.id, issue.operations.flatMap((o) => (o.operation.kind === "assign" ? o.operation.assignees : []))] as const).filter(([, who]) => who.length > 0);

describe("least-loaded routing in an audit", () => {
  it.each([
    ["issues kept", undefined],
    ["no issue kept", 0],
  ])("counts the issues listed later and the assignments planned earlier (%s)", async (_name, retainedChars) => {
    const expected = [
      // alice has 4 open issues, bob 1: both new ones go to bob (2, then 3 — still fewer).
      [`${REPO}#1`, ["bob"]],
      [`${REPO}#2`, ["bob"]],
    ];
    const dry = await setup();
    const planned = await runAudit({ tracker: dry.tracker, rules: dry.rules, now: NOW, dryRun: true, ...(retainedChars === undefined ? {} : { retainedChars }) });
    expect(assigned(planned)).toEqual(expected);
    await dry.fake.close();

    const { fake, tracker, rules } = await setup();
    const report = await runAudit({ tracker, rules, now: NOW, dryRun: false, ...(retainedChars === undefined ? {} : { retainedChars }) });
    expect(assigned(report)).toEqual(expected);
    expect(report.issues.flatMap((issue) => issue.operations.map((o) => o.status)).filter((status) => status !== "applied")).toEqual([]);
    // The issues not kept were read again, one by one; kept ones were not.
    const reads = fake.requests.filter((request) => request.method === "GET" && /\/issues\/\d+$/.test(request.path)).length;
    if (retainedChars === 0) expect(reads).toBeGreaterThanOrEqual(2);
    else expect(reads).toBe(0);
    await fake.close();
  });
});
