/** The human report: clock figures that add up, and footnotes only when they apply. */
import { describe, expect, it } from "vitest";
import type { AuditReport, IssueReport } from "../../src/audit/run-audit.ts";
import type { ClockReport } from "../../src/core/plan.ts";
import { describeOperation } from "../../src/audit/describe-operation.ts";
import { formatIssue, formatReport } from "../../src/cli/format-report.ts";
import { coloursFor } from "../../src/cli/io.ts";

const plain = coloursFor({ isTTY: false }, {});
const MIN = 60_000;

function issue(id: string, clocks: ClockReport[], extra: Partial<IssueReport> = {}): IssueReport {
  return { id, title: `Issue ${id}`, state: "open", priority: "P1", priorityInferred: false, clocks, operations: [], ...extra };
}

function report(issues: IssueReport[]): AuditReport {
  return {
    tracker: "acme/support",
    now: "2026-03-11T02:00:00.000Z",
    dryRun: true,
    issues,
    totals: { issues: issues.length, changes: 0, failed: 0, deferred: 0, breached: 0, atRisk: 0 },
    budget: { max: null, used: 0, exhausted: false },
  };
}

const clock = (state: ClockReport["state"], elapsedMs: number, extra: Partial<ClockReport> = {}): ClockReport => ({
  clock: "first-response",
  state,
  cycle: 1,
  target: "30m",
  targetMs: 30 * MIN,
  elapsedMs,
  ...extra,
});

describe("clock figures", () => {
  it.each([
    ["running, part of a minute counted", clock("running", 10 * MIN + 30_000), "first-response running 10m of 30m, 20m left"],
    ["at risk", clock("at-risk", 23 * MIN + 59_000), "first-response at-risk 23m of 30m, 7m left"],
    ["under a minute", clock("running", 20_000), "first-response running 0m of 30m, 30m left"],
    ["breached", clock("breached", 40 * MIN + 45_000), "first-response breached +10m"],
    ["met", clock("met", 12 * MIN, { stoppedAt: 1 }), "first-response met"],
    ["stopped, not yet judged", clock("running", 12 * MIN, { stoppedAt: 1 }), "first-response running"],
    ["paused", clock("paused", 12 * MIN), "first-response paused"],
    ["business target as written", clock("running", 3 * 3_600_000, { target: "1bd", targetMs: 8 * 3_600_000 }), "first-response running 3h 00m of 1bd, 5h 00m left"],
  ])("%s", (_, k, line) => {
    expect(formatIssue(issue("#1", [k]), plain)[1]).toBe(`    ${line}`);
  });
});

describe("the report", () => {
  it("shows the instant in the given zone, and the inferred-priority footnote only when a listed issue has one", () => {
    const breached = clock("breached", 40 * MIN);
    const quietInferred = issue("#2", [], { priorityInferred: true });
    const text = formatReport(report([issue("#1", [breached]), quietInferred]), plain, "plan", "Asia/Shanghai");
    expect(text).toMatchInlineSnapshot(`
      "issue-shepherd plan — acme/support at 2026-03-11 10:00 +08:00 (dry run: nothing written)

      #1  P1  Issue #1
          first-response breached +10m

      1 other issue(s) need nothing.

      SLA by priority (open issues with a clock in each state)
        priority  open  running  at-risk  breached  paused  met  closed
        P1        2     0        0        1         0       0    0

      2 issue(s); 0 change(s) planned; 0 breached, 0 at risk.

      legend: breached +25m: that long over the target
      "
    `);
    const inferred = formatReport(report([issue("#1", [breached], { priorityInferred: true })]), plain, "plan");
    expect(inferred).toContain("#1  P1* Issue #1");
    expect(inferred.trimEnd().split("\n").at(-1)).toBe("* priority inferred by the rules");
  });
});

describe("the legend", () => {
  it("explains the marks of the operations listed and of their outcome, and nothing else", () => {
    const op = (kind: "add-labels" | "reopen", status: "applied" | "failed" | "deferred") => ({
      operation: kind === "reopen" ? { kind, rule: "r", reason: "why" } : { kind, labels: ["x"], rule: "r", reason: "why" },
      status,
    });
    const text = formatReport(report([issue("#1", [], { operations: [op("add-labels", "applied"), op("reopen", "failed"), op("add-labels", "deferred")] as IssueReport["operations"] })]), plain, "plan");
    expect(text).toContain("\nlegend: + add · ↺ reopen · ✓ done · ✗ failed · … deferred to the next run\n");
    expect(formatReport(report([issue("#1", [clock("running", MIN)])]), plain, "plan")).not.toContain("legend");
  });
});

describe("business clocks as a lead reads them", () => {
  const H = 3_600_000;
  // A 5bd resolution target on a 09:00–18:00 calendar (45 business hours), 12 counted on Monday
  // 15:00: 33 business hours left, due Thursday 15:00 — three days away, not "1d 9h".
  const time = {
    zone: "Asia/Shanghai",
    calendars: [
      { name: "24x7", timezone: "UTC", businessDayMs: 24 * H, description: "24x7 (every hour of every day)", priorities: ["P0", "P1"], presetZone: false },
      { name: "business", timezone: "Asia/Shanghai", businessDayMs: 9 * H, description: "business (Asia/Shanghai, mon-fri 09:00-18:00)", priorities: ["P2", "P3"], presetZone: false },
    ],
  };
  const now = Date.parse("2026-03-09T15:00:00+08:00");
  const display = { time, now };
  const resolution = (state: ClockReport["state"], elapsedMs: number, dueAt: number): ClockReport => ({
    clock: "resolution",
    state,
    cycle: 1,
    target: "5bd",
    targetMs: 45 * H,
    elapsedMs,
    dueAt,
    calendar: "business",
  });

  it.each([
    ["running", resolution("running", 12 * H, Date.parse("2026-03-12T15:00:00+08:00")), "resolution running 1 business day 3 h of 5bd, 3 business days 6 h left, due Thu 15:00"],
    ["breached", resolution("breached", 47 * H + 30 * 60_000, Date.parse("2026-03-06T14:00:00+08:00")), "resolution breached +2 h 30 min, was due Fri 14:00"],
    ["due more than a week away", resolution("running", 0, Date.parse("2026-03-17T10:00:00+08:00")), "resolution running 0m of 5bd, 5 business days left, due Tue 2026-03-17 10:00"],
    ["on 24x7, wall time as before", { ...clock("running", 10 * MIN), calendar: "24x7", dueAt: Date.parse("2026-03-09T15:20:00+08:00") }, "first-response running 10m of 30m, 20m left, due Mon 15:20"],
  ])("%s", (_, k, line) => {
    expect(formatIssue(issue("#1", [k]), plain, display)[1]).toBe(`    ${line}`);
  });

  it("the report names the zone and the calendars under its first line", () => {
    const text = formatReport({ ...report([issue("#1", [resolution("running", 40 * H, now + 5 * H)])]), time }, plain, "plan");
    expect(text.split("\n").slice(0, 2)).toEqual([
      "issue-shepherd plan — acme/support at 2026-03-11 10:00 +08:00 (dry run: nothing written)",
      "times in Asia/Shanghai; P0, P1 on 24x7 (every hour of every day); P2, P3 on business (Asia/Shanghai, mon-fri 09:00-18:00)",
    ]);
  });
});

describe("a digest comment", () => {
  it("names every key it carries", () => {
    const digest = { kind: "comment" as const, key: "a/1", keys: ["a/1", "b/2"], body: "x\n\n---\n\ny", mentions: ["lead"], rule: "sla", reason: "r" };
    expect(describeOperation(digest)).toBe("+ comment [a/1 b/2] cc @lead");
    expect(describeOperation({ kind: "comment", key: "a/1", body: "x", mentions: [], rule: "sla", reason: "r" })).toBe("+ comment [a/1]");
  });
});
