/**
 * Which week or month a scheduled review covers, worked out by hand: ISO weeks from Monday (the
 * year of their Thursday, so 2026 has a week 53), days read in the rules' calendar zone; and a
 * review too long for an issue body is cut at a line, with a note.
 */
import { describe, expect, it } from "vitest";
import { fitIssueBody, GITHUB_BODY_LIMIT } from "../../src/action/run-report-mode.ts";
import { readModeInputs } from "../../src/action/read-mode-inputs.ts";
import { reviewPeriod, type ReviewSpan, type ReviewWhich } from "../../src/report/review-period.ts";

const CASES: [string, ReviewSpan, ReviewWhich, string, string, string, string][] = [
  // Wednesday 8 April 2026, 11:00 in Shanghai.
  ["2026-04-08T03:00:00Z", "week", "last", "Asia/Shanghai", "2026-W14", "2026-03-30", "2026-04-05"],
  ["2026-04-08T03:00:00Z", "week", "current", "Asia/Shanghai", "2026-W15", "2026-04-06", "2026-04-12"],
  // Monday 4 January 2027, 00:30 in Shanghai — still Sunday 3 January in Los Angeles.
  ["2027-01-03T16:30:00Z", "week", "last", "Asia/Shanghai", "2026-W53", "2026-12-28", "2027-01-03"],
  ["2027-01-03T16:30:00Z", "week", "current", "Asia/Shanghai", "2027-W01", "2027-01-04", "2027-01-10"],
  ["2027-01-03T16:30:00Z", "week", "current", "America/Los_Angeles", "2026-W53", "2026-12-28", "2027-01-03"],
  // 1 January 2027 is a Friday: it belongs to the last week of 2026.
  ["2027-01-01T12:00:00Z", "week", "current", "UTC", "2026-W53", "2026-12-28", "2027-01-03"],
  ["2026-01-15T12:00:00Z", "month", "last", "UTC", "2025-12", "2025-12-01", "2025-12-31"],
  ["2026-03-01T01:00:00Z", "month", "current", "Asia/Shanghai", "2026-03", "2026-03-01", "2026-03-31"],
  ["2026-03-01T01:00:00Z", "month", "current", "America/New_York", "2026-02", "2026-02-01", "2026-02-28"],
];

describe("the period of a scheduled review", () => {
  it.each(CASES)("at %s, %s %s in %s: %s (%s – %s)", (at, span, which, zone, name, from, to) => {
    const review = reviewPeriod(span, which, Date.parse(at), zone);
    expect({ name: review.name, from: review.period.from, to: review.period.to, timezone: review.period.timezone }).toEqual({ name, from, to, timezone: zone });
  });

  it("starts at local midnight of its first day", () => {
    const { period } = reviewPeriod("week", "last", Date.parse("2026-04-08T03:00:00Z"), "Asia/Shanghai");
    expect(new Date(period.start).toISOString()).toBe("2026-03-29T16:00:00.000Z");
    expect(new Date(period.end).toISOString()).toBe("2026-04-05T16:00:00.000Z");
  });
});

describe("the report mode's inputs", () => {
  it("defaults: the process mode; in report mode the last week and the support-review label", () => {
    expect(readModeInputs({})).toEqual({ mode: { kind: "process" }, problems: [] });
    expect(readModeInputs({ INPUT_MODE: "Report" })).toEqual({ mode: { kind: "report", span: "week", which: "last", label: "support-review" }, problems: [] });
    expect(readModeInputs({ INPUT_MODE: "report", INPUT_PERIOD: "month", "INPUT_WHICH-PERIOD": "current", "INPUT_REPORT-LABEL": "review" }).mode).toEqual({ kind: "report", span: "month", which: "current", label: "review" });
  });

  it("says which input is wrong, what it takes and what it found", () => {
    expect(readModeInputs({ INPUT_MODE: "report", "INPUT_WHICH-PERIOD": "previous", "INPUT_REPORT-LABEL": "a,b" }).problems).toEqual([
      'input which-period: expected last or current, found "previous"',
      'input report-label: expected one label name without commas, found "a,b"',
    ]);
  });
});

describe("a review too long for an issue", () => {
  it("is cut at a line under GitHub's limit, with a note pointing to the HTML page", () => {
    const long = Array.from({ length: 4000 }, (_, n) => `| row ${n} | ${"x".repeat(20)} |`).join("\n");
    const fitted = fitIssueBody(long);
    expect(fitted.length).toBeLessThan(GITHUB_BODY_LIMIT - 100);
    expect(fitted).toMatch(/\| row \d+ \| x{20} \|\n\n_The review is longer than an issue can hold/);
    expect(fitIssueBody("short\n")).toBe("short\n");
  });
});
