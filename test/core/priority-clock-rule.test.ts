/**
 * A `priority:` rule that waits on a clock, from the user's side: the level it sets is the same
 * on every run at the same instant, on the issue as it was and on the issue with the plan applied.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Plan } from "../../src/core/plan.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import { applyInMemory } from "./apply-in-memory.ts";
import { lines, load } from "./load-in-memory.ts";

const loaded = load(
  lines(
    "extends: support",
    "calendars: { business: { timezone: Asia/Shanghai } }",
    "groups: { on-call: [oncall-zhang], team-lead: [chen-jing], support-manager: [priya-n] }",
    "rules:",
    "  - name: raise-unanswered",
    "    when: { all: [{ priority: P2 }, { clock: { name: first-response, state: breached } }] }",
    "    then: [{ priority: P1 }]",
    "  - name: raise-at-risk",
    "    when: { all: [{ label: customer/vip }, { clock: { name: resolution, state: at-risk } }] }",
    "    then: [{ priority: P1 }]",
  ),
);
const { messages } = loaded;
if (!loaded.rules) throw new Error(messages.join("\n"));
const rules = loaded.rules;
const at = (local: string) => Date.parse(`${local}+08:00`);
const FORM = "### Impact scope\none\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";

/** An issue with no priority label (the tool infers the default, P2), opened on a Wednesday 09:00. */
const opened = (labels: string[] = []): Issue => issueFromSpec({ title: "Invoices are slow", body: FORM, created: "2026-03-11T09:00:00+08:00", labels }, 0);

/** The tool's own writes as the tracker records them: by the tool's authenticated identity. */
function applied(issue: Issue, plan: Plan, now: number): Issue {
  const next = applyInMemory(issue, plan, now);
  const self = (p: { id: string } | undefined) => (p?.id === "github-actions[bot]" ? { ...p, bot: true, self: true } : p);
  return {
    ...next,
    history: next.history.map((e) => (e.actor ? { ...e, actor: self(e.actor) as NonNullable<typeof e.actor> } : e)),
    comments: next.comments.map((c) => ({ ...c, author: self(c.author) as typeof c.author })),
  };
}
const setPriorities = (plan: Plan) => plan.operations.filter((o) => o.kind === "set-priority").map((o) => (o.kind === "set-priority" ? o.priority : ""));

describe("a priority rule that waits on a clock", () => {
  it("loads", () => expect(messages).toEqual([]));

  it.each([
    // 4 business hours of first response on the business calendar: breached at 13:00.
    ["before the P2 first response is breached", "2026-03-11T12:00:00", "P2", ["P2"]],
    ["once the P2 first response is breached", "2026-03-11T13:30:00", "P1", ["P1"]],
    ["a day later", "2026-03-12T10:00:00", "P1", ["P1"]],
  ])("%s: the same level on every run, and nothing more to do once applied", (_, local, level, first) => {
    const now = at(local);
    const before = opened();
    const plan = evaluate(before, rules, now);
    expect(plan.priority).toBe(level);
    expect(setPriorities(plan)).toEqual(first);
    // Run again on the same issue at the same instant: the same answer.
    expect(evaluate(before, rules, now)).toEqual(plan);
    // On the issue with the plan applied: the same level, no change left, twice over.
    let issue = applied(before, plan, now);
    for (let run = 0; run < 3; run++) {
      const again = evaluate(issue, rules, now);
      expect(again.priority).toBe(level);
      expect(setPriorities(again)).toEqual([]);
      issue = applied(issue, again, now);
    }
    expect(issue.labels.filter((l) => l.startsWith("priority/"))).toEqual(level === "P2" ? ["priority/P2"] : ["priority/P1"]);
  });

  it("the clocks the plan reports and labels are those of the level it settles on", () => {
    const now = at("2026-03-11T13:30:00");
    const plan = evaluate(opened(), rules, now);
    // P1 resolution is 4 h on 24x7: 4 h 30 m since 09:00 is breached; at P2 (24 business hours) it would be running.
    expect(plan.clocks.find((c) => c.clock === "resolution")?.state).toBe("breached");
    expect(plan.clocks.find((c) => c.clock === "resolution")?.targetMs).toBe(4 * 3_600_000);
  });

  it("a rule whose clock no longer holds at the level it sets keeps that level on later runs", () => {
    // P2 resolution: 24 business hours, at risk from 18 (Wednesday 9 h + Thursday 9 h), so at
    // Friday 10:00 it is at risk; at P1 (4 h on 24x7) the same clock is long breached, not at risk.
    const now = at("2026-03-13T10:00:00");
    const before = opened(["customer/vip"]);
    const plan = evaluate(before, rules, now);
    expect(plan.priority).toBe("P1");
    let issue = applied(before, plan, now);
    for (let run = 0; run < 3; run++) {
      const again = evaluate(issue, rules, now);
      expect([again.priority, setPriorities(again)]).toEqual(["P1", []]);
      issue = applied(issue, again, now);
    }
  });
});
