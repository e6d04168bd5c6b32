/**
 * `sla.pause-when` over the issue's history, from the user's side: a pause on assignees, on a
 * tracker field or on a field answered in a comment counts where it held then, not by how the
 * issue looks now; what the history cannot tell is refused with a located diagnostic.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import type { HistoryEvent, Issue } from "../../src/core/model.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { lines, load } from "./load-in-memory.ts";

const FIELDS = [
  "fields:",
  "  blocked-by: { title: Blocked by, jira: { field: Blocked by } }",
  "  contact: { title: Contact, in-comments: true, github: { section: [Contact] } }",
];
function rulesWith(pause: string): Rules {
  const { rules, messages } = load(lines("extends: support", ...FIELDS, "sla:", `  pause-when: ${pause}`));
  if (!rules) throw new Error(messages.join("\n"));
  return rules;
}
const at = (local: string) => Date.parse(`${local}+08:00`);
const TEAM = { id: "li-wei", association: "MEMBER" };
const NOW = at("2026-03-11T12:00:00");
const HOUR = 3_600_000;

/** A P1 (resolution: 4 h on 24x7, paused by pause-when) opened Wednesday 09:00, with more history. */
function p1(more: Partial<IssueSpecInput> = {}, events: HistoryEvent[] = []): Issue {
  const created = "2026-03-11T09:00:00+08:00";
  const base = issueFromSpec(
    { title: "Card payments declined", created, labels: ["priority/P1"], ...more, history: [{ at: created, labeled: "priority/P1", by: TEAM }, ...(more.history ?? [])] },
    0,
  );
  return { ...base, history: [...base.history, ...events].sort((a, b) => a.at - b.at) };
}
const resolution = (issue: Issue, rules: Rules) => evaluate(issue, rules, NOW).clocks.find((c) => c.clock === "resolution");

describe("a pause on assignees counts where it held", () => {
  const rules = rulesWith("{ assigned: false }");
  it("unassigned until 11:00, assigned now: paused 09:00–11:00, 1 h counted", () => {
    const issue = p1({ assignees: ["li-wei"], history: [{ at: "2026-03-11T11:00:00+08:00", assigned: "li-wei", by: TEAM }] });
    expect(resolution(issue, rules)?.elapsedMs).toBe(1 * HOUR);
  });
  it("assigned from the start, unassigned at 11:00: paused only since, 2 h counted", () => {
    const issue = p1({ assignees: [], history: [{ at: "2026-03-11T09:00:00+08:00", assigned: "li-wei", by: TEAM }, { at: "2026-03-11T11:00:00+08:00", unassigned: "li-wei", by: TEAM }] });
    const clock = resolution(issue, rules);
    expect([clock?.state, clock?.elapsedMs]).toEqual(["paused", 2 * HOUR]);
  });
});

describe("a pause on a tracker field counts where the field held then (Jira changelog)", () => {
  const field = (at: string, from: string | null, to: string | null): HistoryEvent => ({ kind: "field", at: Date.parse(`${at}+08:00`), actor: TEAM, field: "Blocked by", from, to });
  it("present: true — blocked 10:00–11:00, cleared now: 2 h counted", () => {
    const issue = p1({ tracker: "jira", fields: { "Blocked by": null } }, [field("2026-03-11T10:00:00", null, "VENDOR-1"), field("2026-03-11T11:00:00", "VENDOR-1", null)]);
    expect(resolution(issue, rulesWith("{ field: { name: blocked-by, present: true } }"))?.elapsedMs).toBe(2 * HOUR);
  });
  it("present: false — missing until 10:30, given now: 1 h 30 m counted", () => {
    const issue = p1({ tracker: "jira", fields: { "Blocked by": "VENDOR-1" } }, [field("2026-03-11T10:30:00", null, "VENDOR-1")]);
    expect(resolution(issue, rulesWith("{ field: { name: blocked-by, present: false } }"))?.elapsedMs).toBe(1.5 * HOUR);
  });
});

describe("a pause on a field answered in a comment counts until the comment", () => {
  it("present: false — contact given in a comment at 10:00: 2 h counted", () => {
    const issue = p1({ comments: [{ author: "reporter", at: "2026-03-11T10:00:00+08:00", body: "### Contact\n+86 138 0000 0000" }] });
    expect(resolution(issue, rulesWith("{ field: { name: contact, present: false } }"))?.elapsedMs).toBe(2 * HOUR);
  });
});

describe("labels and status only: the fast path is unchanged", () => {
  it("needs-info 09:30–10:30 (removed now): 2 h counted", () => {
    const issue = p1({ history: [{ at: "2026-03-11T09:30:00+08:00", labeled: "needs-info", by: TEAM }, { at: "2026-03-11T10:30:00+08:00", unlabeled: "needs-info", by: TEAM }] });
    expect(resolution(issue, rulesWith("{ label: needs-info }"))?.elapsedMs).toBe(2 * HOUR);
  });
});

describe("what the history cannot tell is refused, located", () => {
  it.each([
    ["{ any: [{ label: needs-info }, { title: waiting }] }", "sla.pause-when.any[1].title", "past titles"],
    ["{ all: [{ label: on-hold }, { not: { age: { over: 1d } } }] }", "sla.pause-when.all[1].not.age", "the time itself"],
    ["{ clock: { name: resolution, state: at-risk } }", "sla.pause-when.clock", "counted from the pauses"],
  ])("%s", (pause, path, why) => {
    const { rules, messages } = load(lines("extends: support", "sla:", `  pause-when: ${pause}`));
    expect(rules).toBeUndefined();
    expect(messages).toHaveLength(1);
    // At the refused key, on the pause-when line.
    const line = `  pause-when: ${pause}`;
    const key = path.split(".").at(-1) as string;
    expect(messages[0]?.startsWith(`rules.yml:3:${line.indexOf(`${key}:`) + 1}: `)).toBe(true);
    expect(messages[0]).toContain(`${path}: expected a condition the issue's history records`);
    expect(messages[0]).toContain(why);
  });
});
