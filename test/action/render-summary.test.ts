import { describe, expect, it } from "vitest";
import type { AuditReport, IssueReport } from "../../src/audit/run-audit.ts";
import { renderSummary, slaStateOf } from "../../src/action/render-summary.ts";
import { summariseRun } from "../../src/audit/summarise-run.ts";
import type { ClockReport } from "../../src/core/plan.ts";

const clock = (state: ClockReport["state"]): ClockReport => ({ clock: "resolution", state, cycle: 1 });
const issue = (n: number, priority: string, states: ClockReport["state"][], extra: Partial<IssueReport> = {}): IssueReport => ({
  id: `acme/support#${n}`,
  title: `Issue ${n}`,
  url: `https://github.com/acme/support/issues/${n}`,
  state: "open",
  priority,
  priorityInferred: false,
  clocks: states.map(clock),
  operations: [],
  ...extra,
});

function report(issues: IssueReport[], budget: AuditReport["budget"] = { max: 100, used: 2, exhausted: false }): AuditReport {
  return {
    tracker: "acme/support",
    now: "2026-03-11T02:00:00.000Z",
    dryRun: false,
    issues,
    totals: { issues: issues.length, changes: 2, failed: 0, deferred: budget.exhausted ? 3 : 0, breached: 1, atRisk: 1 },
    budget,
  };
}

describe("the job summary", () => {
  it.each([
    [["breached", "met"], "breached"],
    [["running", "at-risk"], "at-risk"],
    [["paused", "met"], "paused"],
    [["running"], "on track"],
    [["not-applicable"], "no clock"],
    [[], "no clock"],
  ] as const)("an issue with clocks %j is %s", (states, want) => {
    expect(slaStateOf(issue(1, "P1", [...states]))).toBe(want);
  });

  it("tables the changed issues and the SLA states by priority, with a mermaid chart", () => {
    const changed = issue(7, "P1", ["breached"], {
      title: "Checkout | broken for @acme/everyone",
      operations: [
        { operation: { kind: "add-labels", labels: ["sla/breached"], rule: "sla", reason: "r" }, status: "applied" },
        { operation: { kind: "comment", key: "sla-breach/resolution/cycle-1", body: "b", mentions: [], rule: "sla", reason: "r" }, status: "failed", error: "x" },
      ],
    });
    const md = renderSummary(report([changed, issue(8, "P3", ["at-risk"]), issue(9, "P3", ["running"], { priorityInferred: true })]), {
      title: "SLA audit",
      reportPath: "/tmp/r.json",
    });
    expect(md).toContain("| [#7 Checkout \\| broken for @\u200bacme/everyone](https://github.com/acme/support/issues/7) | P1 | breached | +`sla/breached`; comment `sla-breach/resolution/cycle-1` (failed) |");
    expect(md).toContain("| P1 | 1 | 0 | 0 | 0 | 0 |");
    expect(md).toContain("| P3 | 0 | 1 | 0 | 1 | 0 |");
    expect(md).toContain('  x-axis ["P1", "P3"]\n  y-axis "open issues" 0 --> 2\n  bar [1, 2]\n  bar [1, 1]\n  bar [1, 0]');
    expect(md).toContain("Full report: `/tmp/r.json`");
    expect(md).not.toContain("[!WARNING]");
  });

  it("says when the write budget ran out", () => {
    const md = renderSummary(report([issue(1, "P2", ["running"])], { max: 2, used: 2, exhausted: true }), { title: "SLA audit", reportPath: "r" });
    expect(md).toMatch(/> \[!WARNING\]\n> The write budget \(2 writes\) ran out: the run stopped at the first issue whose changes did not fit, and 3 change\(s\) were left for the next run/);
  });
});

describe("the zone and calendars of the run", () => {
  it("are named under the totals, with the preset's zone called out", () => {
    const time = {
      zone: "UTC",
      calendars: [
        { name: "24x7", timezone: "UTC", businessDayMs: 86_400_000, description: "24x7 (every hour of every day)", priorities: ["P0", "P1"], presetZone: false },
        { name: "business", timezone: "UTC", businessDayMs: 32_400_000, description: "business (UTC, mon-fri 09:00-18:00)", priorities: ["P2", "P3"], presetZone: true },
      ],
    };
    const text = renderSummary({ ...report([]), time }, { title: "audit", reportPath: "r.json" });
    expect(text.split("\n")[4]).toBe(
      "Times in UTC (the preset's zone — set calendars.business.timezone); P0, P1 on 24x7 (every hour of every day); P2, P3 on business (UTC, mon-fri 09:00-18:00).",
    );
  });
});

describe("issues outside the rules' scope", () => {
  it("are counted beside the totals, not as open issues without a clock; a dry run tables what a real run would write", () => {
    const ignored = Array.from({ length: 3 }, (_, i) => issue(20 + i, "P2", [], { scope: "ignored" }));
    const quiet = issue(30, "P2", [], {
      scope: "quiet",
      operations: [{ operation: { kind: "add-labels", labels: ["needs-info"], rule: "intake", reason: "r" }, status: "planned" }],
    });
    const base = report([issue(1, "P2", ["running"]), quiet, ...ignored]);
    const dry: AuditReport = { ...base, dryRun: true, totals: { ...base.totals, outside: { ignored: 3, quiet: 1 } }, summary: summariseRun(base.issues) };
    const md = renderSummary(dry, { title: "audit", reportPath: "r.json" });
    expect(md).toContain("outside the scope: **3** left alone, **1** quiet (labels and priority only)");
    // P2: the governed issue on track, the quiet one with no clock; the three left alone are not counted.
    expect(md).toContain("| P2 | 0 | 0 | 0 | 1 | 1 |");
    expect(md).toContain("### What a real run would write\n\n| Change | Issues | Examples |\n|---|---:|---|\n| add-labels | 1 | #30 + label needs-info |");
  });
});
