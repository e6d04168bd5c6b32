/**
 * End-to-end: the committed dist/index.js, spawned as a runner spawns it, against the fake GitHub
 * (REST of the contract + GraphQL on the real schema). Every request must match the contract.
 */
import { existsSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import type { FakeSeed } from "../fakes/github/fake-state.ts";
import { formBody, restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";
import { DIST, runDist } from "./run-dist.ts";

const MIN = 60_000;
const RULES = "extends: support\n";
const REPO = { full_name: "acme/support", name: "support", owner: { login: "acme", type: "Organization" } };
let fake: FakeGitHub | undefined;

afterEach(async () => {
  expect(fake?.violations ?? []).toEqual([]);
  await fake?.close();
  fake = undefined;
});

async function start(issues: FakeSeed["issues"]): Promise<FakeGitHub> {
  fake = await startFakeGitHub([{ repository: "acme/support", ownerType: "Organization", issues }]);
  return fake;
}

const writes = (f: FakeGitHub) => f.requests.filter((r) => r.write);
const issueEvent = (action: string, issue: object, sender = "reporter") => ({ action, issue, repository: REPO, sender: { login: sender, type: "User" } });

describe("the Action end to end (dist/index.js)", { timeout: 90_000 }, () => {
  it("runs the committed bundle (npm run package builds it)", () => {
    expect(existsSync(DIST)).toBe(true);
  });

  it("an issue opened without the required information gets needs-info and one comment listing what is missing", async () => {
    const now = Date.now();
    const issue = restIssue({ number: 3, title: "Export fails", createdAt: now - 5 * MIN, body: formBody(["Steps to reproduce", "Environment"]) });
    const f = await start([{ issue }]);
    const run = await runDist({ fake: f, event: "issues", payload: issueEvent("opened", issue), rules: RULES });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const state = f.state.get("acme", "support", 3)!;
    expect(state.issue.labels.map((l) => l.name)).toContain("needs-info");
    expect(state.comments).toHaveLength(1);
    expect(state.comments[0]!.body).toMatch(/Steps to reproduce/);
    expect(state.comments[0]!.body).toMatch(/Environment/);
    expect(state.comments[0]!.body).not.toMatch(/Impact scope/);
    expect(state.comments[0]!.body).toMatch(/<!-- issue-shepherd:intake\/missing( [^ ]+)* -->/);
    expect(Number(run.outputs.changes)).toBeGreaterThanOrEqual(2);
    expect(run.outputs).toMatchObject({ breached: "0", failed: "0", "budget-exhausted": "false" });
    expect(run.summary).toMatch(/### Issues with changes/);
    expect(run.report).toMatchObject({ mode: "issue", event: "issues" });

    // The same event again (a rerun): nothing left to change, nothing written.
    const before = writes(f).length;
    const again = await runDist({ fake: f, event: "issues", payload: issueEvent("opened", issue), rules: RULES, workspace: run.workspace });
    expect(again.code, again.stdout).toBe(0);
    expect(writes(f).length).toBe(before);
    expect(again.outputs.changes).toBe("0");
    expect(again.summary).toMatch(/No changes/);

    // The reporter edits the issue and adds what was missing: label removed, comment edited in place.
    state.issue.body = formBody();
    const edited = await runDist({ fake: f, event: "issues", payload: issueEvent("edited", state.issue), rules: RULES, workspace: run.workspace });
    expect(edited.code, edited.stdout).toBe(0);
    expect(state.issue.labels.map((l) => l.name)).not.toContain("needs-info");
    expect(state.comments).toHaveLength(1);
    expect(writes(f).some((r) => r.method === "PATCH" && r.path.startsWith("/repos/acme/support/issues/comments/"))).toBe(true);
  });

  it("the scheduled audit finds a breached P1, labels it and says so once; a second audit writes nothing", async () => {
    const now = Date.now();
    const created = now - 6 * 60 * MIN;
    const breached = restIssue({ number: 7, title: "Checkout broken for some users", createdAt: created, body: formBody(), labels: ["priority/P1", "bug"], assignees: ["li-wei"] });
    const fine = restIssue({ number: 8, title: "How do I export?", createdAt: now - 30 * MIN, body: formBody(), labels: ["priority/P3"] });
    const f = await start([
      {
        issue: breached,
        comments: [restComment("li-wei", "MEMBER", "On it.", created + 10 * MIN)],
        timeline: [restEvent("labeled", "li-wei", created + MIN, { label: { name: "priority/P1" } }), restEvent("assigned", "li-wei", created + MIN, { assignee: { login: "li-wei" } })],
      },
      { issue: fine, timeline: [restEvent("labeled", "maria-k", now - 29 * MIN, { label: { name: "priority/P3" } })] },
    ]);
    const run = await runDist({ fake: f, event: "schedule", payload: { schedule: "*/15 * * * *", repository: REPO }, rules: RULES });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const state = f.state.get("acme", "support", 7)!;
    expect(state.issue.labels.map((l) => l.name)).toContain("sla/breached");
    // Once: one comment carries the key, alone or in the run's digest.
    expect(state.comments.filter((c) => (readMarkerKeys(c.body ?? "") ?? []).includes("sla-breach/resolution/cycle-1"))).toHaveLength(1);
    expect(Number(run.outputs.breached)).toBeGreaterThanOrEqual(1);
    expect(run.summary).toMatch(/```mermaid\n[\s\S]*xychart-beta/);
    expect(run.summary).toMatch(/\| P1 \| [1-9]/);
    // Reads: one GraphQL page (open + closed-in-window) and the organisation checks.
    expect(f.requests.filter((r) => r.operation === "ShepherdAuditIssues")).toHaveLength(1);

    const before = writes(f).length;
    const again = await runDist({ fake: f, event: "workflow_dispatch", payload: { repository: REPO }, rules: RULES, workspace: run.workspace });
    expect(again.code, again.stdout).toBe(0);
    expect(writes(f).length).toBe(before);
    expect(again.outputs.changes).toBe("0");
  });

  it("a closure without a root cause is reported: P2 gets closure/incomplete, P1 is reopened", async () => {
    const now = Date.now();
    const closedAt = now - 2 * MIN;
    const p2 = restIssue({ number: 11, createdAt: now - 300 * MIN, body: formBody(), labels: ["priority/P2"], state: "closed", stateReason: "completed", closedAt });
    const p1 = restIssue({ number: 12, createdAt: now - 300 * MIN, body: formBody(), labels: ["priority/P1"], state: "closed", stateReason: "completed", closedAt });
    const closing = (n: number) => ({
      comments: [restComment("li-wei", "MEMBER", `### Solution\n\nRestarted the export worker (#${n}).`, closedAt - MIN)],
      timeline: [restEvent("closed", "li-wei", closedAt, { state_reason: "completed" })],
    });
    const f = await start([{ issue: p2, ...closing(11) }, { issue: p1, ...closing(12) }]);
    const runP2 = await runDist({ fake: f, event: "issues", payload: issueEvent("closed", p2, "li-wei"), rules: RULES });
    expect(runP2.code, runP2.stdout).toBe(0);
    const s2 = f.state.get("acme", "support", 11)!;
    expect(s2.issue.labels.map((l) => l.name)).toContain("closure/incomplete");
    expect(s2.issue.state).toBe("closed");
    expect(s2.comments.at(-1)!.body).toMatch(/Root cause/);
    expect(s2.comments.at(-1)!.body).not.toMatch(/Solution[^\n]*missing/i);

    const runP1 = await runDist({ fake: f, event: "issues", payload: issueEvent("closed", p1, "li-wei"), rules: RULES, workspace: runP2.workspace });
    expect(runP1.code, runP1.stdout).toBe(0);
    const s1 = f.state.get("acme", "support", 12)!;
    expect(s1.issue.state).toBe("open");
    expect(s1.comments.at(-1)!.body).toMatch(/Root cause/);
  });

  it("secondary rate limits (403) and 429 answers are retried after retry-after, and the writes succeed", async () => {
    const now = Date.now();
    const issue = restIssue({ number: 5, createdAt: now - 5 * MIN, body: formBody(["Environment"]) });
    const f = await start([{ issue }]);
    f.inject({ operation: "ShepherdApply", status: 403, headers: { "retry-after": "1" }, body: { message: "You have exceeded a secondary rate limit. Please wait a few minutes before you try again.", documentation_url: "https://docs.github.com/rest/overview/rate-limits-for-the-rest-api#about-secondary-rate-limits" } });
    f.inject({ method: "POST", path: /\/comments$/, status: 429, headers: { "retry-after": "1" }, body: { message: "Too Many Requests" } });
    const run = await runDist({ fake: f, event: "issues", payload: issueEvent("opened", issue), rules: RULES });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    const posts = writes(f);
    expect(posts.map((r) => r.status)).toContain(403);
    expect(posts.map((r) => r.status)).toContain(429);
    expect(posts.at(-1)!.status).toBe(201);
    expect(f.state.get("acme", "support", 5)!.comments).toHaveLength(1);
    expect(run.outputs.failed).toBe("0");
  });

  it("a 500 on one write fails that write only: exit 1, the others applied, the failure reported", async () => {
    const now = Date.now();
    const issue = restIssue({ number: 6, createdAt: now - 5 * MIN, body: formBody(["Environment"]) });
    const f = await start([{ issue }]);
    f.inject({ method: "POST", path: /\/comments$/, status: 500, body: { message: "Server Error" } });
    const run = await runDist({ fake: f, event: "issues", payload: issueEvent("opened", issue), rules: RULES });
    expect(run.code).toBe(1);
    expect(run.outputs.failed).toBe("1");
    expect(f.state.get("acme", "support", 6)!.issue.labels.map((l) => l.name)).toContain("needs-info");
    expect(f.state.get("acme", "support", 6)!.comments).toHaveLength(0);
    expect(run.stdout).toMatch(/::error::.*comment.*500/);
    expect(run.summary).toMatch(/\(failed\)/);
    // The next run repairs it: the comment is planned again, once.
    const again = await runDist({ fake: f, event: "issues", payload: issueEvent("edited", issue), rules: RULES, workspace: run.workspace });
    expect(again.code, again.stdout).toBe(0);
    expect(f.state.get("acme", "support", 6)!.comments).toHaveLength(1);
  });

  it("invalid rules: annotations on the rule file's lines, exit 2, nothing read or written", async () => {
    const f = await start([]);
    const run = await runDist({ fake: f, event: "schedule", payload: {}, rules: "extends: support\nsla:\n  warn-at: 75\n  colcks: {}\n" });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/::error [^:]*file=\.github\/shepherd\.yml,line=3,col=12::sla\.warn-at: expected a percentage/);
    expect(run.stdout).toMatch(/::error [^:]*file=\.github\/shepherd\.yml,line=4,col=3::sla\.colcks: unknown key/);
    expect(run.stdout).toMatch(/::error::2 problem\(s\) in the rules at \.github\/shepherd\.yml; nothing was changed/);
    expect(f.requests).toEqual([]);
  });

  it("does nothing for its own changes, for pull requests and for other events", async () => {
    const now = Date.now();
    const issue = restIssue({ number: 4, createdAt: now - 5 * MIN });
    const pr = restIssue({ number: 9, createdAt: now - 5 * MIN, pullRequest: true });
    const f = await start([{ issue }, { issue: pr }]);
    const own = await runDist({ fake: f, event: "issues", payload: issueEvent("labeled", issue, "github-actions[bot]"), rules: RULES });
    const presetBot = await runDist({ fake: f, event: "issue_comment", payload: { ...issueEvent("created", issue, "shepherd-bot"), comment: { id: 1 } }, rules: RULES });
    const onPr = await runDist({ fake: f, event: "issue_comment", payload: { ...issueEvent("created", pr), comment: { id: 2 } }, rules: RULES });
    const push = await runDist({ fake: f, event: "push", payload: { ref: "refs/heads/main" }, rules: RULES });
    for (const run of [own, presetBot, onPr, push]) {
      expect(run.code, run.stdout).toBe(0);
      expect(run.stdout).toMatch(/::notice::issue-shepherd: nothing to do/);
    }
    expect(f.requests).toEqual([]);
  });

  it("a write budget that runs out is said in the outputs and the summary, and the next run continues", async () => {
    const now = Date.now();
    const seeds = [1, 2, 3].map((n) => ({ issue: restIssue({ number: n, createdAt: now - 10 * MIN, body: formBody(["Environment"]), labels: ["priority/P2"] }) }));
    const f = await start(seeds);
    const first = await runDist({ fake: f, event: "schedule", payload: {}, rules: RULES, inputs: { "max-writes": "2" } });
    expect(first.code, first.stdout).toBe(0);
    expect(first.outputs["budget-exhausted"]).toBe("true");
    expect(Number(first.outputs.deferred)).toBeGreaterThan(0);
    expect(first.summary).toMatch(/write budget .* ran out/);
    const second = await runDist({ fake: f, event: "schedule", payload: {}, rules: RULES, workspace: first.workspace });
    expect(second.outputs["budget-exhausted"]).toBe("false");
    expect([1, 2, 3].every((n) => f.state.get("acme", "support", n)!.issue.labels.some((l) => l.name === "needs-info"))).toBe(true);
  });

  it("a dry run plans and reports but writes nothing", async () => {
    const now = Date.now();
    const issue = restIssue({ number: 3, createdAt: now - 5 * MIN, body: "" });
    const f = await start([{ issue }]);
    const run = await runDist({ fake: f, event: "issues", payload: issueEvent("opened", issue), rules: RULES, inputs: { "dry-run": "true" } });
    expect(run.code, run.stdout).toBe(0);
    expect(writes(f)).toEqual([]);
    expect(Number(run.outputs.changes)).toBeGreaterThan(0);
    expect(run.summary).toMatch(/dry run, nothing written/);
  });
});
