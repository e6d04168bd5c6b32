/**
 * Adopting the tool on a repository that already holds 300 open issues from the last six months,
 * as a team does it: `extends: support` plus `scope: { since: <today> }`, the real `shepherd`
 * command in a child process against the fake GitHub. The dry run says what would change before
 * anything is written; the first audit writes nothing to any old issue (with `outside: quiet`, no
 * comment to any); an issue opened afterwards gets the whole process.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { readRules } from "../../src/config/read-rules.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { createGitHubTracker } from "../../src/github/create-github-tracker.ts";
import { createOctokit } from "../../src/github/create-octokit.ts";
import { scopeZone } from "../../src/core/engine/scope.ts";
import { formatInstant } from "../../src/core/text/format-instant.ts";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import type { FakeIssue } from "../fakes/github/fake-state.ts";
import { restComment, restEvent, restIssue } from "../fakes/github/make-issues.ts";

const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
const REPO = "acme/support";
const DAY = 86_400_000;
const OLD = 300;
const dir = mkdtempSync(join(tmpdir(), "shepherd-adoption-"));
let fake: FakeGitHub | undefined;

afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

function shepherd(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  if (fake === undefined) throw new Error("no fake GitHub");
  const env = { PATH: process.env.PATH ?? "", NO_COLOR: "1", GITHUB_TOKEN: "ghs_fake", GITHUB_API_URL: fake.url, GITHUB_GRAPHQL_URL: fake.graphqlUrl };
  const child = spawn(process.execPath, [bin, ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

/** 300 free-form reports from the last six months: outages, questions, some answered, some labelled. */
function oldIssues(now: number) {
  const bodies = ["It doesn't work since this morning.", "Checkout is down for all users!", "How do I export the report?", "Login fails with error 500", "Please see the screenshot."];
  return Array.from({ length: OLD }, (_, i) => {
    const n = i + 1;
    const createdAt = now - (2 + ((n * 13) % 180)) * DAY - n * 60_000;
    const labels = [n % 4 === 0 ? "bug" : "question", ...(n % 6 === 0 ? ["priority/P1"] : [])];
    return {
      issue: restIssue({ number: n, title: `Old report ${n}`, body: bodies[n % bodies.length] as string, labels, createdAt }, REPO),
      comments: n % 3 === 0 ? [restComment("li-wei", "MEMBER", "Looking into it.", createdAt + 3 * DAY)] : [],
      timeline: labels.map((label) => restEvent("labeled", "li-wei", createdAt + 60_000, { label: { name: label } })),
    };
  });
}

/** What a person would see of each issue: labels, assignees, state, comments. */
function looks(entry: FakeIssue): string {
  const labels = entry.issue.labels.map((l) => l.name).sort();
  return JSON.stringify([labels, entry.issue.assignees.map((a) => a.login), entry.issue.state, entry.comments.map((c) => c.body)]);
}

function issuesOf(f: FakeGitHub): FakeIssue[] {
  return [...(f.state.repo("acme", "support")?.issues.values() ?? [])];
}

/** Requests that change something: REST writes and GraphQL mutations. */
function writes(f: FakeGitHub): string[] {
  return f.requests
    .filter((r) => r.method !== "GET" && !(r.path.endsWith("/graphql") && !/^\s*mutation\b/.test(String((r.body as { query?: string } | null)?.query ?? ""))))
    .map((r) => `${r.method} ${r.path}${r.operation === undefined ? "" : ` ${r.operation}`}`);
}

const ZONE = "calendars: { business: { timezone: Asia/Shanghai } }";

/** How long before the test's new report it was opened: long enough for its first response to breach. */
const NEW_ISSUE_AGE = 60 * 60_000;

/**
 * The team's file: the preset, its zone, and a scope from today (in that zone, as a bare date is
 * read) — the day of the new report, opened an hour ago, so that it is in scope also in the first
 * hour after midnight.
 */
function rulesFile(name: string, scope: string): { path: string; rules: Rules } {
  const path = join(dir, name);
  writeFileSync(path, `extends: support\n${ZONE}\n`);
  const since = formatInstant(Date.now() - NEW_ISSUE_AGE, scopeZone(readRules(path).rules as Rules)).slice(0, 10);
  writeFileSync(path, `extends: support\n${ZONE}\nscope: { since: ${since}${scope} }\n`);
  const { rules } = readRules(path);
  if (!rules?.scope) throw new Error("the rules do not load");
  return { path, rules };
}

/** Open a new issue on the fake, as a reporter does after adoption. */
function openNewIssue(f: FakeGitHub, number: number): void {
  const issue = restIssue({ number, title: "Checkout is down for all users", body: "Payments fail since 10:00.", createdAt: Date.now() - NEW_ISSUE_AGE }, REPO);
  const repo = f.state.repo("acme", "support");
  if (!repo) throw new Error("no repository");
  repo.issues.set(number, { issue: { ...issue, number, labels: [], assignees: [] }, comments: [], timeline: [] });
}

describe("adopting on a repository with 300 old issues", () => {
  it("scope.since today: the dry run says nothing would change; the audit writes nothing to any old issue; a new issue gets the whole process", async () => {
    fake = await startFakeGitHub([{ repository: REPO, issues: oldIssues(Date.now()) }]);
    const { path } = rulesFile("ignore.yml", "");
    const before = new Map(issuesOf(fake).map((e) => [e.issue.number, looks(e)]));
    // Without a scope, the same repository would get the process on every old issue.
    const unscoped = join(dir, "unscoped.yml");
    writeFileSync(unscoped, `extends: support\n${ZONE}\n`);
    const all = JSON.parse((await shepherd(["plan", "--json", "--rules", unscoped, "--tracker", `github:${REPO}`])).stdout) as { summary: { changed: number; notices: { kind: string; issues: number }[] } };
    expect(all.summary.changed).toBe(OLD);
    expect(all.summary.notices.find((n) => n.kind === "breach")?.issues).toBeGreaterThan(100);

    const plan = await shepherd(["plan", "--rules", path, "--tracker", `github:${REPO}`]);
    expect(plan.stderr).toBe("");
    expect(plan.code).toBe(0);
    expect(plan.stdout).toContain("Summary of what this run would write (nothing is written on a dry run)\n  0 of 300 issue(s) would change; 300 outside the scope: 300 left alone, 0 quiet (labels and priority only).");
    expect(plan.stdout).toContain("300 issue(s) outside the scope, left alone.");

    const json = await shepherd(["audit", "--dry-run", "--json", "--rules", path, "--tracker", `github:${REPO}`]);
    const report = JSON.parse(json.stdout) as { totals: { changes: number; outside: unknown }; summary: { changed: number; outside: unknown; changes: unknown[] } };
    expect(report.totals).toMatchObject({ changes: 0, outside: { ignored: 300, quiet: 0 } });
    expect(report.summary).toMatchObject({ changed: 0, outside: { ignored: 300, quiet: 0 }, changes: [] });

    const audit = await shepherd(["audit", "--rules", path, "--tracker", `github:${REPO}`]);
    expect(audit.code).toBe(0);
    expect(writes(fake)).toEqual([]);
    for (const entry of issuesOf(fake)) expect(looks(entry)).toBe(before.get(entry.issue.number));

    openNewIssue(fake, 301);
    const dry = await shepherd(["plan", "--rules", path, "--tracker", `github:${REPO}`]);
    expect(dry.stdout).toContain("1 of 301 issue(s) would change; 300 outside the scope: 300 left alone, 0 quiet");
    expect(dry.stdout).toMatch(/missing information +1 issue\(s\)\n +acme\/support#301 +Checkout is down for all users +→ Thanks for the report/);
    const second = await shepherd(["audit", "--rules", path, "--tracker", `github:${REPO}`]);
    expect(second.code).toBe(0);
    expect(writes(fake).length).toBeGreaterThan(0);
    const fresh = fake.state.get("acme", "support", 301) as FakeIssue;
    const keys = fresh.comments.flatMap((c) => readMarkerKeys(c.body ?? "") ?? []);
    expect(keys).toEqual(expect.arrayContaining(["intake/missing", "sla-breach/first-response/cycle-1"]));
    expect(fresh.issue.labels.map((l) => l.name)).toEqual(expect.arrayContaining(["priority/P0", "needs-info", "sla/breached"]));
    for (const entry of issuesOf(fake)) if (entry.issue.number !== 301) expect(looks(entry)).toBe(before.get(entry.issue.number));
  }, 60_000);

  it("outside: quiet: old issues get labels and priority only, never a comment, no breach of their old clocks; the rerun writes nothing", async () => {
    fake = await startFakeGitHub([{ repository: REPO, issues: oldIssues(Date.now()) }]);
    const { path, rules } = rulesFile("quiet.yml", ", outside: quiet");
    const commentsBefore = issuesOf(fake).reduce((n, e) => n + e.comments.length, 0);

    const plan = await shepherd(["plan", "--json", "--rules", path, "--tracker", `github:${REPO}`]);
    const summary = (JSON.parse(plan.stdout) as { summary: { outside: unknown; changes: { kind: string }[]; notices: unknown[] } }).summary;
    expect(summary.outside).toEqual({ ignored: 0, quiet: 300 });
    expect(summary.notices).toEqual([]);
    expect(summary.changes.map((l) => l.kind).filter((k) => k !== "add-labels" && k !== "remove-labels" && k !== "set-priority")).toEqual([]);

    // Through the real adapter in this process, without the write pacing (300 issues get labels).
    const octokit = createOctokit({ token: "test", baseUrl: fake.url, pacing: false });
    const tracker = createGitHubTracker({ octokit, repository: REPO, graphqlUrl: fake.graphqlUrl, botLogins: rules.botLogins });
    const audit = await runAudit({ tracker, rules, now: Date.now(), dryRun: false, maxWrites: null });
    expect(audit.totals.failed).toBe(0);
    expect(audit.totals.changes).toBeGreaterThan(0);
    expect(audit.totals.outside).toEqual({ ignored: 0, quiet: 300 });
    expect(issuesOf(fake).reduce((n, e) => n + e.comments.length, 0)).toBe(commentsBefore);
    const labels = issuesOf(fake).flatMap((e) => e.issue.labels.map((l) => l.name));
    expect(labels).toContain("needs-info");
    expect(labels).not.toContain("sla/breached");
    expect(issuesOf(fake).every((e) => e.issue.assignees.length === 0 && e.issue.state === "open")).toBe(true);

    const count = fake.requests.length;
    const rerun = await shepherd(["audit", "--rules", path, "--tracker", `github:${REPO}`]);
    expect(rerun.code).toBe(0);
    expect(writes(fake).length).toBe(writes({ ...fake, requests: fake.requests.slice(0, count) }).length);
    expect(rerun.stdout).toContain("0 change(s) applied");
  }, 120_000);
});
