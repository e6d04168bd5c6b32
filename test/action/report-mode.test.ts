/**
 * The Action's report mode as a runner meets it: the bundle (built from the sources into a
 * temporary folder) against the fake GitHub, and in-process runs on a chosen clock for what spans
 * weeks. One issue per period, found by its key on an issue of the token's own account, edited in
 * place; someone else's issue with the same key is never touched; the review issue is no support
 * case for the audit nor for the figures.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { runAction } from "../../src/action/run-action.ts";
import { readMarkerKeys } from "../../src/core/text/hidden-key.ts";
import { reviewPeriod } from "../../src/report/review-period.ts";
import { type FakeGitHub, startFakeGitHub } from "../fakes/github/fake-github-server.ts";
import type { FakeIssue } from "../fakes/github/fake-state.ts";
import { formBody, restComment, restIssue } from "../fakes/github/make-issues.ts";
import { recordingHost } from "./recording-host.ts";
import { runDist } from "./run-dist.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const ZONE = "Asia/Shanghai";
const RULES = `extends: support\ncalendars: { business: { timezone: ${ZONE} } }\n`;
const REPORT = { mode: "report", period: "week" };
let fake: FakeGitHub | undefined;
let dist = "";

beforeAll(() => {
  // The bundle of the sources as they are: dist/ is rebuilt only when a release is cut.
  const out = mkdtempSync(join(tmpdir(), "shepherd-dist-"));
  const built = spawnSync(join(ROOT, "node_modules", ".bin", "node"), [join(ROOT, "src/action/package-action.ts"), "--out", out], { cwd: ROOT, encoding: "utf8" });
  expect(built.status, built.stderr).toBe(0);
  // The presets sit beside dist/, as in the Action's own repository.
  symlinkSync(join(ROOT, "rules"), join(out, "rules"));
  dist = join(out, "dist", "index.js");
}, 120_000);

afterEach(async () => {
  expect(fake?.violations ?? []).toEqual([]);
  await fake?.close();
  fake = undefined;
});

const writes = (f: FakeGitHub) => f.requests.filter((r) => r.write);
const creates = (f: FakeGitHub) => f.requests.filter((r) => r.method === "POST" && /^\/repos\/acme\/support\/issues$/.test(r.path));

/** An issue of the period: created `at`, answered by the team an hour later, P3. */
function caseIssue(number: number, at: number): FakeIssue {
  const issue = restIssue({ number, title: `Export fails ${number}`, createdAt: at, body: formBody(), labels: ["priority/P3"] }) as FakeIssue["issue"];
  return { issue, comments: [restComment("li-wei", "MEMBER", "Looking into it.", at + HOUR) as FakeIssue["comments"][number]], timeline: [] };
}

/** The review issues of the fake: those with the label, by number. */
function reviewIssues(f: FakeGitHub, label = "support-review"): FakeIssue[] {
  const repo = f.state.repo("acme", "support")!;
  return [...repo.issues.values()].filter((e) => e.issue.labels.some((l) => l.name === label)).sort((a, b) => a.issue.number - b.issue.number);
}

async function startWith(issues: FakeIssue[], now?: () => number): Promise<FakeGitHub> {
  fake = await startFakeGitHub([{ repository: "acme/support", ownerType: "Organization", issues }], now === undefined ? {} : { now });
  return fake;
}

/** Run the Action in this process at `now` (a chosen clock), in the given workspace. */
async function runAt(f: FakeGitHub, now: number, inputs: Record<string, string>, dir = mkdtempSync(join(tmpdir(), "shepherd-report-mode-"))) {
  writeFileSync(join(dir, "rules.yml"), RULES);
  writeFileSync(join(dir, "event.json"), "{}");
  const env: Record<string, string> = {
    GITHUB_EVENT_NAME: "schedule",
    GITHUB_EVENT_PATH: join(dir, "event.json"),
    GITHUB_REPOSITORY: "acme/support",
    GITHUB_API_URL: f.url,
    GITHUB_GRAPHQL_URL: f.graphqlUrl,
    RUNNER_TEMP: dir,
    "INPUT_GITHUB-TOKEN": "ghs_fake",
    INPUT_RULES: join(dir, "rules.yml"),
    "INPUT_DRY-RUN": "false",
  };
  for (const [name, value] of Object.entries(inputs)) env[`INPUT_${name.toUpperCase()}`] = value;
  const record = recordingHost(env, now);
  record.host.fetch = globalThis.fetch;
  const code = await runAction(record.host, { pacing: false });
  return { code, record };
}

describe("the Action's report mode (bundle)", { timeout: 120_000 }, () => {
  it("two runs in one week keep one issue: created once, edited in place when the figures change, untouched when they do not", async () => {
    const now = Date.now();
    const { name, period } = reviewPeriod("week", "last", now, ZONE);
    const f = await startWith([caseIssue(1, period.start + DAY), caseIssue(2, period.start + 2 * DAY)]);

    const first = await runDist({ fake: f, event: "schedule", payload: {}, rules: RULES, inputs: REPORT, dist });
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const [review] = reviewIssues(f);
    expect(reviewIssues(f)).toHaveLength(1);
    expect(review!.issue).toMatchObject({ number: 3, title: `Support review ${name}`, state: "open", user: { login: "github-actions[bot]" } });
    expect(readMarkerKeys(review!.issue.body ?? "")).toEqual([`review/${name}`]);
    expect(review!.issue.body).toMatch(/\| Created \|/);
    expect(first.outputs["report-issue"]).toBe("3");
    expect(first.outputs["report-issue-url"]).toBe("https://github.com/acme/support/issues/3");
    expect(first.report).toMatchObject({ period: { from: period.from, to: period.to, timezone: ZONE }, issues: { created: 2 } });
    expect(first.summary).toMatch(/created the review issue #3/);

    // The HTML page: where the output says, one self-contained file that loads nothing.
    const html = readFileSync(first.outputs["report-html"]!, "utf8");
    expect(first.outputs["report-html"]!.startsWith(join(first.workspace, ".runner-temp"))).toBe(true);
    expect(html).toMatch(/^<!doctype html>/i);
    expect(html).toMatch(/<svg/);
    expect(html).not.toMatch(/<script|<link|src=|url\(|@import/i);

    // Another issue of that week comes to light: the second run edits the same issue.
    const bodyBefore = review!.issue.body;
    f.state.repo("acme", "support")!.issues.set(4, caseIssue(4, period.start + 3 * DAY));
    const second = await runDist({ fake: f, event: "workflow_dispatch", payload: {}, rules: RULES, inputs: REPORT, dist, workspace: first.workspace });
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(reviewIssues(f)).toHaveLength(1);
    expect(creates(f)).toHaveLength(1);
    const edited = f.state.get("acme", "support", 3)!;
    expect(edited.issue.body).not.toBe(bodyBefore);
    expect(second.report).toMatchObject({ issues: { created: 3 } });
    expect(second.outputs["report-issue"]).toBe("3");
    expect(writes(f).filter((r) => r.method === "PATCH").map((r) => r.path)).toEqual(["/repos/acme/support/issues/3"]);

    // Nothing changed since: a third run writes nothing at all.
    const before = writes(f).length;
    const third = await runDist({ fake: f, event: "schedule", payload: {}, rules: RULES, inputs: REPORT, dist, workspace: first.workspace });
    expect(third.code, third.stdout + third.stderr).toBe(0);
    expect(writes(f)).toHaveLength(before);
    expect(third.summary).toMatch(/already reads this review: nothing written/);
  });

  it("a dry run writes nothing, says what it would do, and still writes the HTML page", async () => {
    const now = Date.now();
    const { period } = reviewPeriod("week", "last", now, ZONE);
    const f = await startWith([caseIssue(1, period.start + DAY)]);
    const run = await runDist({ fake: f, event: "schedule", payload: {}, rules: RULES, inputs: { ...REPORT, "dry-run": "true" }, dist });
    expect(run.code, run.stdout + run.stderr).toBe(0);
    expect(writes(f)).toEqual([]);
    expect(reviewIssues(f)).toEqual([]);
    expect(run.outputs["report-issue"]).toBe("");
    expect(run.summary).toMatch(/dry run: would create the review issue/);
    expect(existsSync(run.outputs["report-html"]!)).toBe(true);
  });

  it("a bad mode or period stops before anything is read, naming the input and its values", async () => {
    const f = await startWith([]);
    const run = await runDist({ fake: f, event: "schedule", payload: {}, rules: RULES, inputs: { mode: "report", period: "fortnight" }, dist });
    expect(run.code).toBe(2);
    expect(run.stdout).toMatch(/input period: expected week or month, found "fortnight"/);
    expect(f.requests).toEqual([]);
    const mode = await runDist({ fake: f, event: "schedule", payload: {}, rules: RULES, inputs: { mode: "reports" }, dist });
    expect(mode.code).toBe(2);
    expect(mode.stdout).toMatch(/input mode: expected process or report, found "reports"/);
  });
});

describe("the Action's report mode across weeks (in process, on a chosen clock)", { timeout: 60_000 }, () => {
  // Wednesday 2026-04-08 11:00 in Shanghai: the last complete ISO week is 2026-W14 (30 March – 5 April).
  const WEDNESDAY = Date.parse("2026-04-08T03:00:00Z");
  const W14 = Date.parse("2026-03-29T16:00:00Z");

  it("the week after, a new issue for the new week; last week's is left as it was", async () => {
    let clock = WEDNESDAY;
    const f = await startWith([caseIssue(1, W14 + DAY), caseIssue(2, W14 + 8 * DAY)], () => clock);
    const first = await runAt(f, clock, REPORT);
    expect(first.code, first.record.failed.join("\n")).toBe(0);
    const w14 = f.state.get("acme", "support", 3)!;
    expect(w14.issue.title).toBe("Support review 2026-W14");
    const w14Body = w14.issue.body;

    clock = WEDNESDAY + 7 * DAY;
    const next = await runAt(f, clock, REPORT);
    expect(next.code, next.record.failed.join("\n")).toBe(0);
    expect(reviewIssues(f).map((e) => e.issue.title)).toEqual(["Support review 2026-W14", "Support review 2026-W15"]);
    expect(f.state.get("acme", "support", 3)!.issue.body).toBe(w14Body);
    expect(readMarkerKeys(f.state.get("acme", "support", 4)!.issue.body ?? "")).toEqual(["review/2026-W15"]);
    expect(next.record.outputs["report-issue"]).toBe("4");
  });

  it("a month's review is titled by its month, and March's run in April reviews March", async () => {
    const f = await startWith([caseIssue(1, W14 + DAY)]);
    const run = await runAt(f, WEDNESDAY, { mode: "report", period: "month" });
    expect(run.code, run.record.failed.join("\n")).toBe(0);
    expect(reviewIssues(f).map((e) => e.issue.title)).toEqual(["Support review 2026-03"]);
    const figures = JSON.parse(readFileSync(run.record.outputs.report!, "utf8")) as { period: unknown };
    expect(figures.period).toEqual({ from: "2026-03-01", to: "2026-03-31", timezone: ZONE });
  });

  it("an issue by someone else carrying the period's key and the label is not touched: the tool keeps its own", async () => {
    const impostor = caseIssue(1, W14 + DAY);
    impostor.issue = { ...impostor.issue, title: "Support review 2026-W14", user: { login: "mallory", type: "User" }, labels: [{ name: "support-review" }], body: "Fake figures\n\n<!-- issue-shepherd:review/2026-W14 -->" };
    const f = await startWith([impostor]);
    const run = await runAt(f, WEDNESDAY, REPORT);
    expect(run.code, run.record.failed.join("\n")).toBe(0);
    expect(f.state.get("acme", "support", 1)!.issue.body).toBe("Fake figures\n\n<!-- issue-shepherd:review/2026-W14 -->");
    expect(writes(f).some((r) => r.path === "/repos/acme/support/issues/1")).toBe(false);
    expect(reviewIssues(f).map((e) => e.issue.user?.login)).toEqual(["mallory", "github-actions[bot]"]);
    expect(run.record.warnings.join("\n")).toMatch(/acme\/support#1 carries the key of the 2026-W14 review but was written by mallory/);
    // A rerun finds the tool's own issue, not the impostor's.
    const again = await runAt(f, WEDNESDAY, REPORT);
    expect(again.code).toBe(0);
    expect(creates(f)).toHaveLength(1);
    expect(again.record.outputs["report-issue"]).toBe("2");
  });

  it("the review issue is no support case: the audit leaves it alone and the figures leave it out", async () => {
    const f = await startWith([caseIssue(1, WEDNESDAY - DAY)], () => WEDNESDAY);
    // The current week so far, twice: the second run's figures are read with the review issue there.
    const current = { ...REPORT, "which-period": "current" };
    const first = await runAt(f, WEDNESDAY, current);
    expect(first.code).toBe(0);
    const second = await runAt(f, WEDNESDAY + HOUR, current);
    expect(second.code).toBe(0);
    const figures = JSON.parse(readFileSync(second.record.outputs.report!, "utf8")) as { issues: { created: number; open: number } };
    expect(figures.issues).toMatchObject({ created: 1, open: 1 });
    expect(reviewIssues(f)).toHaveLength(1);

    // The scheduled audit: a review issue without the intake sections would get needs-info; it gets nothing.
    const review = reviewIssues(f)[0]!;
    const before = { labels: review.issue.labels.map((l) => l.name), comments: review.comments.length };
    const audit = await runAt(f, WEDNESDAY + 2 * HOUR, {});
    expect(audit.code, audit.record.failed.join("\n")).toBe(0);
    const after = f.state.get("acme", "support", review.issue.number)!;
    expect({ labels: after.issue.labels.map((l) => l.name), comments: after.comments.length }).toEqual(before);
    expect(f.state.get("acme", "support", 1)!.issue.labels.length).toBeGreaterThan(0);
  });
});
