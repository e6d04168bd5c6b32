/**
 * Labels in the history as people spell them: a pause label or a priority label written in
 * another case pauses the clocks and changes the priority's calendar exactly as the lower-case
 * spelling does, and an issue seen under one rule file tells nothing to another one.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { lines, load } from "./load-in-memory.ts";

const TEAM = { id: "li-wei", association: "MEMBER" };
const FORM = "### Impact scope\nall\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";
const NOW = Date.parse("2026-03-11T15:00:00+08:00");

function rules(...text: string[]): Rules {
  const { rules: r, messages } = load(lines("extends: support", "calendars: { business: { timezone: Asia/Shanghai } }", ...text));
  if (!r) throw new Error(messages.join("\n"));
  return r;
}

/** Opened 09:00 as P2, waiting for the customer 10:00–13:00, raised to P1 at 14:00. */
function issue(waiting: string, p1: string): Issue {
  const spec: IssueSpecInput = {
    title: "Checkout fails",
    body: FORM,
    created: "2026-03-11T09:00:00+08:00",
    labels: ["priority/P1"],
    history: [
      { at: "2026-03-11T09:00:00+08:00", labeled: "priority/P2", by: TEAM },
      { at: "2026-03-11T10:00:00+08:00", labeled: waiting, by: TEAM },
      { at: "2026-03-11T13:00:00+08:00", unlabeled: waiting, by: TEAM },
      { at: "2026-03-11T14:00:00+08:00", labeled: p1, by: TEAM },
    ],
  };
  return issueFromSpec(spec, 0);
}

const clocksOf = (i: Issue, r: Rules) => evaluate(i, r, NOW).clocks.map((c) => [c.clock, c.state, c.elapsedMs, c.dueAt]);

describe("labels in the history, whatever their case", () => {
  it("pause and change the priority as the lower-case spelling does", () => {
    const preset = rules();
    const lower = clocksOf(issue("waiting-for-customer", "priority/P1"), preset);
    expect(clocksOf(issue("Waiting-For-Customer", "Priority/P1"), preset)).toEqual(lower);
    expect(clocksOf(issue("WAITING-FOR-CUSTOMER", "PRIORITY/P1"), preset)).toEqual(lower);
    // Not a pause label: three more hours counted on the resolution clock.
    const resolution = (rows: ReturnType<typeof clocksOf>) => rows.find((r) => r[0] === "resolution")?.[2] as number;
    expect(resolution(clocksOf(issue("waiting-for-parts", "priority/P1"), preset)) - resolution(lower)).toBe(3 * 3_600_000);
  });

  it("are read by each rule file's own pause labels", () => {
    const preset = rules();
    const own = rules("sla:", "  pause-when: { label: waiting-for-parts }");
    const parts = issue("Waiting-For-Parts", "priority/P1");
    const customer = issue("Waiting-For-Customer", "priority/P1");
    const resolution = (i: Issue, r: Rules) => evaluate(i, r, NOW).clocks.find((c) => c.clock === "resolution")?.elapsedMs as number;
    expect(resolution(parts, preset) - resolution(customer, preset)).toBe(3 * 3_600_000);
    expect(resolution(customer, own) - resolution(parts, own)).toBe(3 * 3_600_000);
  });
});
