/**
 * Business time as a lead reads it: in working days of the clock's calendar, never as 24-hour
 * days (33 business hours on a 9-hour day are 3 business days 6 h, not `1d 9h`).
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import { formatDuration } from "../../src/core/rules/duration.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import { lines, load } from "./load-in-memory.ts";

const H = 3_600_000;
const NINE_HOURS = { dayMs: 9 * H };

describe("formatDuration on a business calendar", () => {
  it.each([
    [33 * H, NINE_HOURS, "3 business days 6 h"],
    [9 * H, NINE_HOURS, "1 business day"],
    [21 * H + 5 * 60_000, NINE_HOURS, "2 business days 3 h 5 min"],
    [45 * 60_000, NINE_HOURS, "45 min"],
    [30_000, NINE_HOURS, "30 s"],
    [-2 * H, NINE_HOURS, "-2 h"],
    [33 * H, { dayMs: 9 * H, locale: "zh" as const }, "3 个工作日 6 小时"],
    // 24x7: a day is 24 hours, shown as before.
    [33 * H, { dayMs: 24 * H }, "1d 9h"],
    [33 * H, undefined, "1d 9h"],
  ])("%d ms on %j: %s", (ms, on, text) => {
    expect(formatDuration(ms, on)).toBe(text);
  });
});

describe("a breach notice on the business calendar says how late in working days", () => {
  const loaded = load(lines("extends: support", "calendars: { business: { timezone: Asia/Shanghai } }", "groups: { on-call: [oncall-zhang], team-lead: [chen-jing] }"));
  const rules = loaded.rules;
  if (!rules) throw new Error(loaded.messages.join("\n"));
  const form = "### Impact scope\none\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";
  const team = { id: "li-wei", association: "MEMBER" };
  // P2 opened Friday 16:00: 4 business hours of first response end Monday 11:00; by Tuesday
  // 14:00, 12 business hours more have passed (Mon 11–18, Tue 09–14): 1 working day and 3 hours.
  const issue = issueFromSpec(
    { title: "Report", body: form, created: "2026-03-06T16:00:00+08:00", labels: ["priority/P2"], history: [{ at: "2026-03-06T16:00:00+08:00", labeled: "priority/P2", by: team }] },
    0,
  );
  it("overdue by 1 business day 3 h, not 12h 00m", () => {
    const plan = evaluate(issue, rules, Date.parse("2026-03-10T14:00:00+08:00"));
    const text = JSON.stringify(plan.operations);
    expect(text).toContain("overdue by 1 business day 3 h (business time, business)");
    expect(text).toContain("first-response breached (1 business day 3 h over 4h)");
    expect(text).not.toContain("12h 00m");
  });
});
