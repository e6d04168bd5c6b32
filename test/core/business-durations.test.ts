/**
 * `bd` outside clock targets, from the user's side: `age`, `idle`, escalation `after` and
 * root-cause `within` count working days on the calendar of the priority or clock concerned.
 * The preset's business calendar (Mon–Fri 09:00–18:00) in Asia/Shanghai; P2/P3 use it, P0/P1 24x7.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Plan } from "../../src/core/plan.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { lines, load } from "./load-in-memory.ts";
import { noticeOf } from "./notices.ts";

function rulesOf(...text: string[]): Rules {
  const { rules, messages } = load(lines("extends: support", "calendars: { business: { timezone: Asia/Shanghai } }", "groups: { on-call: [oncall-zhang], team-lead: [chen-jing], support-manager: [priya-n] }", ...text));
  if (!rules) throw new Error(messages.join("\n"));
  return rules;
}
const at = (local: string) => Date.parse(`${local}+08:00`);
const FORM = "### Impact scope\none\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";
const TEAM = { id: "li-wei", association: "MEMBER" };

/** An issue with a priority a person chose, opened at `local` (Asia/Shanghai). */
function issue(priority: string, local: string, more: Partial<IssueSpecInput> = {}): Issue {
  const created = `${local}+08:00`;
  const label = `priority/${priority}`;
  return issueFromSpec({ title: "Report", body: FORM, created, labels: [label], history: [{ at: created, labeled: label, by: TEAM }], ...more }, 0);
}
const keys = (plan: Plan) => plan.operations.flatMap(noticeOf).flatMap((o) => (o.kind === "comment" ? [o.key] : []));
const labelsAdded = (plan: Plan) => plan.operations.flatMap((o) => (o.kind === "add-labels" ? o.labels : []));

describe("age: { over: 2bd } counts working days on the SLA calendar of the issue's priority", () => {
  const rules = rulesOf("rules:", "  - { name: stale, when: { age: { over: 2bd } }, then: [{ label: stale }] }", "  - { name: young, when: { age: { under: 1bd2h } }, then: [{ label: young }] }");
  // Opened Friday 17:00: 2 working days (18 business hours) end Tuesday 17:00 on the business calendar.
  it.each([
    ["P2", "2026-03-09T12:00:00", false], // Monday: 67 wall hours, 4 business hours
    ["P2", "2026-03-10T16:59:00", false],
    ["P2", "2026-03-10T17:01:00", true],
    ["P0", "2026-03-08T16:59:00", false], // 24x7: 2bd is 48 hours, Sunday 17:00
    ["P0", "2026-03-08T17:01:00", true],
  ])("%s at %s: stale %s", (priority, local, stale) => {
    const plan = evaluate(issue(priority, "2026-03-06T17:00:00"), rules, at(local));
    expect(labelsAdded(plan).includes("stale")).toBe(stale);
  });

  it.each([
    // 1bd2h from Friday 17:00: Monday 17:00 on the business calendar, then 2 wall hours: 19:00.
    ["P2", "2026-03-09T18:59:00", true],
    ["P2", "2026-03-09T19:01:00", false],
    ["P0", "2026-03-07T18:59:00", true],
    ["P0", "2026-03-07T19:01:00", false],
  ])("%s at %s: under 1bd2h %s", (priority, local, young) => {
    const plan = evaluate(issue(priority, "2026-03-06T17:00:00"), rules, at(local));
    expect(labelsAdded(plan).includes("young")).toBe(young);
  });
});

describe("idle: { over: 1bd } counts from the last activity by a person", () => {
  const rules = rulesOf("rules:", "  - { name: nudge, when: { idle: { over: 1bd } }, then: [{ label: idle }] }");
  const replied = (p: string) =>
    issue(p, "2026-03-06T10:00:00", { comments: [{ author: TEAM, at: "2026-03-06T17:30:00+08:00", body: "Looking" }] });
  it.each([
    ["P2", "2026-03-09T17:29:00", false], // Friday 17:30 + 9 business hours: Monday 17:30
    ["P2", "2026-03-09T17:31:00", true],
    ["P1", "2026-03-07T17:31:00", true], // 24x7: one day
  ])("%s at %s: idle %s", (priority, local, idle) => {
    expect(labelsAdded(evaluate(replied(priority), rules, at(local))).includes("idle")).toBe(idle);
  });
});

describe("escalation after: 1bd counts on the breached clock's calendar", () => {
  const rules = rulesOf(
    "escalation:",
    "  levels:",
    "    - { after: 0m, assign: on-call, mention: team-lead }",
    "    - { after: 1bd, mention: support-manager, label: escalated }",
  );
  // P2 opened Friday 16:00: 4 business hours of first response end Monday 11:00.
  const opened = issue("P2", "2026-03-06T16:00:00");
  it("level 1 at the breach, level 2 one working day later (Tuesday 11:00), not at once", () => {
    const monday = evaluate(opened, rules, at("2026-03-09T11:30:00"));
    expect(keys(monday)).toContain("escalation/cycle-1/level-1");
    expect(keys(monday)).not.toContain("escalation/cycle-1/level-2");
    const level1 = { ...opened, comments: [{ id: "9", author: { id: "github-actions[bot]", bot: true, self: true }, body: "Escalation level 1", createdAt: at("2026-03-09T11:00:00"), public: true, key: "escalation/cycle-1/level-1" }] };
    expect(keys(evaluate(level1, rules, at("2026-03-10T10:59:00")))).not.toContain("escalation/cycle-1/level-2");
    expect(keys(evaluate(level1, rules, at("2026-03-10T11:01:00")))).toContain("escalation/cycle-1/level-2");
  });
});

describe("root-cause within: 1bd counts on the first-response clock's calendar", () => {
  const rules = rulesOf("escalation:", "  root-cause: { priorities: [P2], within: 1bd, field: root-cause, level: 1 }");
  // P2 answered Friday 17:00: one working day without a root cause ends Monday 17:00.
  const answered = issue("P2", "2026-03-06T15:00:00", { comments: [{ author: TEAM, at: "2026-03-06T17:00:00+08:00", body: "On it" }] });
  it.each([
    ["2026-03-06T17:30:00", false],
    ["2026-03-09T16:59:00", false],
    ["2026-03-09T17:01:00", true],
  ])("at %s: escalated %s", (local, escalated) => {
    expect(keys(evaluate(answered, rules, at(local))).includes("escalation/cycle-1/level-1")).toBe(escalated);
  });
});
