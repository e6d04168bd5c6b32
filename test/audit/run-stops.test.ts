/**
 * When an audit stops, through the real GitHub adapter against the fake: at the first plan the
 * write budget cannot hold (not skipping to less urgent ones), and at once when GitHub refuses the
 * token (a token revoked mid-audit), with nothing attempted after the refusal.
 */
import { describe, expect, it } from "vitest";
import { type IssueReport, runAudit } from "../../src/audit/run-audit.ts";
import { load } from "../core/load-in-memory.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import { formBody, restIssue } from "../fakes/github/make-issues.ts";

const HOUR = 3_600_000;
const REPO = "acme/support";

async function setup(now: number) {
  // A breached P1 with much missing (most urgent), then young P3 reports missing one section.
  const issues = [
    { issue: restIssue({ number: 1, body: "It is broken.", labels: ["priority/P1"], createdAt: now - 30 * HOUR }, REPO) },
    ...[2, 3, 4].map((number) => ({ issue: restIssue({ number, body: formBody(["Environment"]), labels: ["priority/P3"], createdAt: now - HOUR }, REPO) })),
  ];
  const fake = await startFakeGitHub([{ repository: REPO, ownerType: "Organization", issues }]);
  const tracker = createGitHubTracker({ octokit: createOctokit({ token: "ghs_fake", baseUrl: fake.url, pacing: false }), repository: REPO, graphqlUrl: fake.graphqlUrl });
  const { rules } = load("extends: support\n");
  if (rules === undefined) throw new Error("the preset did not load");
  return { fake, tracker, rules };
}

describe("the write budget", () => {
  it("stops the run at the first plan that does not fit, deferring it and every later one", async () => {
    const now = Date.now();
    const probe = await setup(now);
    const planned = await runAudit({ tracker: probe.tracker, rules: probe.rules, now, dryRun: true });
    await probe.fake.close();
    const sizes = new Map(planned.issues.map((i) => [i.id, i.operations.length]));
    const first = sizes.get(`${REPO}#1`) ?? 0;
    const small = sizes.get(`${REPO}#2`) ?? 0;
    // The test only means something if the most urgent plan is larger than the others.
    expect(first).toBeGreaterThan(small);
    expect(small).toBeGreaterThan(0);

    const { fake, tracker, rules } = await setup(now);
    const order: IssueReport[] = [];
    // Room for a small plan but not for the urgent one: a run that skipped it would apply #2…#4.
    const report = await runAudit({ tracker, rules, now, dryRun: false, maxWrites: first - 1, onIssue: (r) => order.push(r) });
    expect(order[0]?.id).toBe(`${REPO}#1`);
    expect(order.flatMap((r) => r.operations.map((o) => o.status))).toEqual(order.flatMap((r) => r.operations.map(() => "deferred")));
    expect(report.budget).toMatchObject({ exhausted: true, used: 0 });
    expect(fake.requests.filter((r) => r.write)).toEqual([]);
    await fake.close();
  });
});

describe("an auth failure", () => {
  it("stops the run at once: the rest of that plan and every later issue are not attempted", async () => {
    const now = Date.now();
    const { fake, tracker, rules } = await setup(now);
    let handled = 0;
    const report = await runAudit({
      tracker,
      rules,
      now,
      dryRun: false,
      onIssue: () => {
        // The token is revoked after the first issue: every write from now on is answered 401.
        if (++handled === 1) fake.inject({ method: "POST", status: 401, body: { message: "Bad credentials" }, times: 1000 });
      },
    });
    expect(report.stopped).toMatch(/401 Bad credentials/);
    const refused = fake.requests.filter((r) => r.status === 401);
    // One refused write; nothing written or tried after it.
    expect(refused).toHaveLength(1);
    const after = fake.requests.slice(fake.requests.indexOf(refused[0] as (typeof refused)[number]) + 1);
    expect(after.filter((r) => r.method !== "GET")).toEqual([]);
    const statuses = report.issues.map((i) => i.operations.map((o) => o.status));
    const flat = statuses.flat();
    expect(flat.filter((s) => s === "failed")).toHaveLength(1);
    expect(flat.filter((s) => s === "not-attempted").length).toBeGreaterThan(1);
    // No issue has part of its plan applied after the failure: the failed issue applied nothing.
    const failedIssue = statuses.find((s) => s.includes("failed")) ?? [];
    expect(failedIssue[0]).toBe("failed");
    expect(failedIssue.slice(1).every((s) => s === "not-attempted")).toBe(true);
    expect(report.totals.notAttempted).toBe(flat.filter((s) => s === "not-attempted").length);
    await fake.close();
  });
});
