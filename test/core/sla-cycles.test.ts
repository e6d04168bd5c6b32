/**
 * Cycles that cannot be gamed, from the user's side: reopens within the grace period or by the
 * tool, closed time, breaches on record, priority changes and the escalation ladder one level
 * at a time, `/ack` as a word, and at-risk thresholds in whole milliseconds.
 */
import { describe, expect, it } from "vitest";
import { runAudit } from "../../src/audit/run-audit.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import type { Tracker } from "../../src/core/tracker.ts";
import { GITHUB_CAPABILITIES } from "../../src/github/capabilities.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { noticeOf } from "./notices.ts";
import { applyInMemory } from "./apply-in-memory.ts";
import { lines, load } from "./load-in-memory.ts";

const TEAM = { id: "li-wei", association: "MEMBER" };
const FORM = "### Impact scope\nall\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";
const at = (local: string) => Date.parse(`${local}+08:00`);

function rules(...text: string[]): Rules {
  const { rules: r, messages } = load(lines("extends: support", "calendars: { business: { timezone: Asia/Shanghai } }", ...text));
  if (!r) throw new Error(messages.join("\n"));
  return r;
}
const PEOPLE = ["groups:", "  on-call: [oncall-zhang]", "  team-lead: [chen-jing]", "  support-manager: [priya-n]"];
const WITH_PEOPLE = rules(...PEOPLE);

/** A P1 (24x7, resolution 4 h) opened at 06:00 with a first response that notes the root cause. */
function p1(history: IssueSpecInput["history"], extra: Partial<IssueSpecInput> = {}): Issue {
  return issueFromSpec(
    {
      title: "Payments declined",
      body: FORM,
      created: "2026-03-11T06:00:00+08:00",
      labels: ["priority/P1"],
      comments: [{ author: TEAM, at: "2026-03-11T06:05:00+08:00", body: "### Root cause\nexpired certificate" }],
      ...extra,
      history: [{ at: "2026-03-11T06:00:00+08:00", labeled: "priority/P1", by: TEAM }, ...(history ?? [])],
    },
    0,
    "github-actions[bot]",
  );
}
const resolution = (i: Issue, now: number, r: Rules = WITH_PEOPLE) => evaluate(i, r, now).clocks.find((c) => c.clock === "resolution");

describe("a reopen within sla.reopen-grace (default 10m) continues the cycle", () => {
  const closedAt = "2026-03-11T09:55:00+08:00";
  it.each([
    ["reopened 2 minutes later: 3 h 57 m of 4 h", "2026-03-11T09:57:00+08:00", 1, "at-risk"],
    ["reopened exactly 10 minutes later: 4 h 05 m", "2026-03-11T10:05:00+08:00", 1, "breached"],
    ["reopened 10 minutes 1 second later: a new cycle", "2026-03-11T10:05:01+08:00", 2, "running"],
  ])("%s", (_name, reopenedAt, cycle, state) => {
    const issue = p1([
      { at: closedAt, closed: "completed", by: TEAM },
      { at: reopenedAt, reopened: true, by: "reporter" },
    ]);
    // Seen at the reopen: the continued cycle counts from 06:00 through the brief close (no time
    // is gained by closing); a new cycle starts from nothing.
    const now = Date.parse(reopenedAt);
    const c = resolution(issue, now);
    expect(c?.cycle).toBe(cycle);
    expect(c?.elapsedMs).toBe(cycle === 1 ? now - at("2026-03-11T06:00:00") : 0);
    expect(c?.state).toBe(state);
  });

  it("a team's setting of 0m makes every reopen by a person a new cycle; the tool's own reopen still continues", () => {
    const noGrace = rules(...PEOPLE, "sla:", "  reopen-grace: 0m");
    const byReporter = p1([
      { at: "2026-03-11T09:55:00+08:00", closed: "completed", by: TEAM },
      { at: "2026-03-11T09:57:00+08:00", reopened: true, by: "reporter" },
    ]);
    expect(resolution(byReporter, at("2026-03-11T10:00:00"), noGrace)).toMatchObject({ cycle: 2, state: "running" });
    const byTool = p1([
      { at: "2026-03-11T09:00:00+08:00", closed: "completed", by: TEAM },
      { at: "2026-03-11T09:57:00+08:00", reopened: true, by: "github-actions[bot]" },
    ]);
    expect(resolution(byTool, at("2026-03-11T10:00:00"), noGrace)).toMatchObject({ cycle: 1, state: "breached" });
  });

  it("the grace is wall time: a bd value is a located diagnostic", () => {
    const { rules: r, messages } = load(lines("extends: support", "sla:", "  reopen-grace: 1bd"));
    expect(r).toBeUndefined();
    expect(messages.join("\n")).toMatch(/rules\.yml:3:\d+: .*reopen-grace.*expected a wall-clock duration like 10m or 1h.*found "1bd"/);
  });
});

describe("first response does not count time while the issue was closed", () => {
  // P2: 4 business hours, Mon–Fri 09–18 Asia/Shanghai. Opened Monday 09:00, closed unanswered by
  // the reporter at 10:00, reopened Wednesday 09:30.
  const issue = issueFromSpec(
    {
      title: "CSV export",
      body: FORM,
      created: "2026-03-09T09:00:00+08:00",
      labels: ["priority/P2"],
      history: [
        { at: "2026-03-09T09:00:00+08:00", labeled: "priority/P2", by: TEAM },
        { at: "2026-03-09T10:00:00+08:00", closed: "not_planned", by: "reporter" },
        { at: "2026-03-11T09:30:00+08:00", reopened: true, by: "reporter" },
      ],
    },
    0,
  );
  it.each([
    ["Monday 09:45, before the close", "2026-03-09T09:45:00", "running", 45],
    ["Wednesday 10:00, after the reopen", "2026-03-11T10:00:00", "running", 90],
    ["Wednesday 11:30: 3 of 4 hours, at risk", "2026-03-11T11:30:00", "at-risk", 180],
    ["Wednesday 12:30: breached", "2026-03-11T12:30:00", "breached", 240],
  ])("%s", (_name, now, state, minutes) => {
    const c = evaluate(issue, WITH_PEOPLE, at(now)).clocks.find((x) => x.clock === "first-response");
    expect(c?.state).toBe(state);
    expect(c?.elapsedMs).toBe(minutes * 60_000);
  });
});

describe("a priority change keeps the time counted; the breach counts from the change", () => {
  // Opened Wednesday 08:00 as P2 (business hours from 09:00), raised to P0 at 10:00.
  const raised = issueFromSpec(
    {
      title: "Checkout errors",
      body: FORM,
      created: "2026-03-11T08:00:00+08:00",
      labels: ["priority/P0"],
      assignees: ["li-wei"],
      history: [
        { at: "2026-03-11T08:00:00+08:00", labeled: "priority/P2", by: TEAM },
        { at: "2026-03-11T10:00:00+08:00", labeled: "priority/P0", by: TEAM },
        { at: "2026-03-11T10:00:00+08:00", unlabeled: "priority/P2", by: TEAM },
      ],
    },
    0,
    "github-actions[bot]",
  );

  it.each([
    // Resolution: 1 business hour as P2 (09–10), then 24x7 as P0.
    ["10:00", "2026-03-11T10:00:00", "running", 60],
    ["11:00", "2026-03-11T11:00:00", "running", 120],
    ["12:00: 3 of 4 hours, at risk", "2026-03-11T12:00:00", "at-risk", 180],
    ["13:00: breached", "2026-03-11T13:00:00", "breached", 240],
  ])("resolution at %s", (_name, now, state, minutes) => {
    expect(resolution(raised, at(now))).toMatchObject({ state, elapsedMs: minutes * 60_000 });
  });

  it("first response (15m for P0) was due at 09:15 as counted, but is breached from the change at 10:00", () => {
    const c = evaluate(raised, WITH_PEOPLE, at("2026-03-11T10:05:00")).clocks.find((x) => x.clock === "first-response");
    expect(c).toMatchObject({ state: "breached", dueAt: at("2026-03-11T09:15:00"), breachedAt: at("2026-03-11T10:00:00") });
  });

  it("fires level 1 at the change, and level 2 an hour after level 1's notice — never both in one run", () => {
    const t1 = at("2026-03-11T10:05:00");
    const plan1 = evaluate(raised, WITH_PEOPLE, t1);
    const keys = (ops: typeof plan1.operations) => ops.flatMap(noticeOf).flatMap((o) => (o.kind === "comment" && o.key.startsWith("escalation/") ? [o.key] : []));
    expect(keys(plan1.operations)).toEqual(["escalation/cycle-1/level-1"]);
    const after1 = applyInMemory(raised, plan1, t1);
    expect(keys(evaluate(after1, WITH_PEOPLE, at("2026-03-11T11:04:00")).operations)).toEqual([]);
    const plan2 = evaluate(after1, WITH_PEOPLE, at("2026-03-11T11:05:00"));
    expect(keys(plan2.operations)).toEqual(["escalation/cycle-1/level-2"]);
  });

  it("a breach the tool learns of late (first run hours after it) also gets one level per run", () => {
    const p0 = issueFromSpec({ title: "Outage", body: FORM, created: "2026-03-11T06:00:00+08:00", labels: ["priority/P0"], history: [{ at: "2026-03-11T06:00:00+08:00", labeled: "priority/P0", by: TEAM }] }, 0, "github-actions[bot]");
    const t1 = at("2026-03-11T10:00:00");
    const plan1 = evaluate(p0, WITH_PEOPLE, t1);
    expect(plan1.operations.flatMap(noticeOf).filter((o) => o.kind === "comment" && o.key.startsWith("escalation/")).map((o) => o.kind === "comment" && o.key)).toEqual(["escalation/cycle-1/level-1"]);
    const after1 = applyInMemory(p0, plan1, t1);
    expect(evaluate(after1, WITH_PEOPLE, at("2026-03-11T10:30:00")).operations.flatMap(noticeOf).some((o) => o.kind === "comment" && o.key === "escalation/cycle-1/level-2")).toBe(false);
    expect(evaluate(after1, WITH_PEOPLE, at("2026-03-11T11:00:00")).operations.flatMap(noticeOf).some((o) => o.kind === "comment" && o.key === "escalation/cycle-1/level-2")).toBe(true);
  });
});

describe("a level with nobody to reach posts nothing and the report says so", () => {
  const p0 = issueFromSpec({ title: "Outage", body: FORM, created: "2026-03-11T09:00:00+08:00", labels: ["priority/P0"], assignees: ["li-wei"], history: [{ at: "2026-03-11T09:00:00+08:00", labeled: "priority/P0", by: TEAM }] }, 0, "github-actions[bot]");
  const noManager = rules("groups:", "  on-call: [oncall-zhang]", "  team-lead: [chen-jing]");

  it("the preset's level 2 with support-manager unset: the escalated label, no comment, a notice", () => {
    const t1 = at("2026-03-11T09:16:00");
    const after1 = applyInMemory(p0, evaluate(p0, noManager, t1), t1);
    const plan = evaluate(after1, noManager, at("2026-03-11T10:20:00"));
    expect(plan.operations.flatMap(noticeOf).some((o) => o.kind === "comment" && o.key === "escalation/cycle-1/level-2")).toBe(false);
    expect(plan.operations).toContainEqual(expect.objectContaining({ kind: "add-labels", labels: ["escalated"] }));
    expect(plan.notices).toEqual([expect.objectContaining({ kind: "escalation-nobody", level: 2, cycle: 1 })]);
  });

  it("the bare preset: level 1 assigns and mentions no one and posts nothing", () => {
    const plan = evaluate(p0, rules(), at("2026-03-11T09:16:00"));
    expect(plan.operations.filter((o) => o.rule === "escalation")).toEqual([]);
    expect(plan.notices).toEqual([expect.objectContaining({ kind: "escalation-nobody", level: 1 })]);
  });

  it("an empty group beside a named one is never mentioned", () => {
    const r = rules("groups:", "  on-call: []", "  team-lead: [chen-jing]");
    const level1 = evaluate(p0, r, at("2026-03-11T09:16:00")).operations.flatMap(noticeOf).find((o) => o.kind === "comment" && o.key === "escalation/cycle-1/level-1");
    expect(level1).toMatchObject({ mentions: ["chen-jing"] });
  });

  it("the audit report carries the notice", async () => {
    const tracker: Tracker = {
      kind: "github",
      capabilities: GITHUB_CAPABILITIES,
      name: "memory",
      async *listIssues() {
        yield await Promise.resolve(p0);
      },
      getIssue: () => Promise.resolve(p0),
      apply: () => Promise.resolve([]),
    };
    const report = await runAudit({ tracker, rules: rules(), now: at("2026-03-11T09:16:00"), dryRun: true });
    expect(report.issues[0]?.notices).toEqual([expect.objectContaining({ kind: "escalation-nobody", level: 1, message: expect.stringContaining("nobody") as unknown })]);
  });
});

describe("/ack is the command as a word", () => {
  const p0 = issueFromSpec({ title: "Outage", body: FORM, created: "2026-03-11T09:00:00+08:00", labels: ["priority/P0"], assignees: ["li-wei"], history: [{ at: "2026-03-11T09:00:00+08:00", labeled: "priority/P0", by: TEAM }] }, 0, "github-actions[bot]");
  const t1 = at("2026-03-11T09:16:00");
  const after1 = applyInMemory(p0, evaluate(p0, WITH_PEOPLE, t1), t1);
  it.each([
    ["/ack", true],
    ["/ack on it", true],
    ["/ACK", true],
    ["/ack.", true],
    ["looking\n  /ack  ", true],
    ["/acknowledge-later", false],
    ["/ack-later", false],
    ["/acked", false],
    ["please /ack", false],
  ])("%j acknowledges: %s", (body, acknowledges) => {
    const acked: Issue = { ...after1, comments: [...after1.comments, { id: "ack", author: { id: "oncall-zhang", association: "MEMBER" }, body, createdAt: at("2026-03-11T09:20:00"), public: true }] };
    const level2 = evaluate(acked, WITH_PEOPLE, at("2026-03-11T10:30:00")).operations.flatMap(noticeOf).some((o) => o.kind === "comment" && o.key === "escalation/cycle-1/level-2");
    expect(level2).toBe(!acknowledges);
  });
});

describe("the at-risk threshold is compared in whole milliseconds", () => {
  it.each([
    ["67%", 100, 67 * 60_000 - 1, "running"],
    ["67%", 100, 67 * 60_000, "at-risk"],
    ["33.3%", 100, 1_998_000, "at-risk"],
    ["33.3%", 100, 1_997_999, "running"],
    ["75%", 240, 180 * 60_000, "at-risk"],
  ])("warn-at %s of %im: %ims is %s", (warnAt, targetMinutes, elapsedMs, state) => {
    const r = rules(...PEOPLE, "sla:", `  warn-at: "${warnAt}"`, "  clocks:", `    resolution: { targets: { P1: ${targetMinutes}m } }`);
    const issue = p1([]);
    expect(resolution(issue, at("2026-03-11T06:00:00") + elapsedMs, r)?.state).toBe(state);
  });
});
