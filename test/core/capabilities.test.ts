/**
 * The core decides from what a tracker declares, the same rules and the same issue planning
 * differently on two capability sets: one assignee or many, issue types or none, internal
 * comments or none. Both sets share one source, so that only the three capabilities differ.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue, TrackerCapabilities } from "../../src/core/model.ts";
import type { Operation } from "../../src/core/plan.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec, RULE_TEST_CAPABILITIES } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { applyInMemory } from "./apply-in-memory.ts";

const BASE = RULE_TEST_CAPABILITIES.github;
/** A tracker with one assignee per issue, issue types and internal notes. */
const SINGLE: TrackerCapabilities = { ...BASE, singleAssignee: true, issueTypes: true, internalComments: true };
/** A tracker with many assignees, no issue types and every comment public. */
const MANY: TrackerCapabilities = { ...BASE, singleAssignee: false, issueTypes: false, internalComments: false };

const scratch = mkdtempSync(join(tmpdir(), "shepherd-capabilities-"));
function rulesFrom(text: string): Rules {
  const path = join(scratch, `rules-${Math.random().toString(36).slice(2)}.yml`);
  writeFileSync(path, text);
  const { rules, diagnostics } = readRules(path);
  if (!rules) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return rules;
}

const RULES = rulesFrom(
  [
    "extends: support",
    "calendars: { business: { timezone: Asia/Shanghai } }",
    "groups: { on-call: [oncall-zhang], infra: [ops-a], vendors: [vendor-a, vendor-b] }",
    "categories: { network: { group: infra } }",
    "rules:",
    "  - { name: bugs, when: { type: Bug }, then: [{ label: [kind/bug] }] }",
    "  - { name: vendor, when: { label: vendor }, then: [{ assign: ['@vendor-a', '@vendor-b'] }] }",
    "",
  ].join("\n"),
);
const FORM = "### Impact scope\nall\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";
const TEAM = { id: "li-wei", association: "MEMBER" };
const at = (local: string) => Date.parse(`${local}+08:00`);
const NOW = at("2026-03-11T09:40:00");

function issueOn(capabilities: TrackerCapabilities, spec: Partial<IssueSpecInput>): Issue {
  return { ...issueFromSpec({ title: "VPN timeout", body: FORM, created: "2026-03-11T09:00:00+08:00", ...spec }, 0), capabilities };
}
const assigns = (operations: readonly Operation[]) => operations.flatMap((op) => (op.kind === "assign" ? [op.assignees] : []));

describe("one assignee or many", () => {
  // A P0 network issue: routing gives it to infra, escalation level 0 to on-call.
  const p0 = { labels: ["priority/P0", "category/network"], history: [{ at: "2026-03-11T09:00:00+08:00", labeled: "priority/P0", by: TEAM }] };

  it.each<[string, TrackerCapabilities, string[][]]>([
    ["a single-assignee tracker gets one assignment: the escalation's, which replaces routing's", SINGLE, [["oncall-zhang"]]],
    ["a tracker with many assignees gets both", MANY, [["ops-a"], ["oncall-zhang"]]],
  ])("%s", (_name, capabilities, expected) => {
    const issue = issueOn(capabilities, p0);
    const plan = evaluate(issue, RULES, NOW);
    expect(assigns(plan.operations)).toEqual(expected);
    // Level-triggered: once applied, nothing more to assign.
    expect(assigns(evaluate(applyInMemory(issue, plan, NOW), RULES, NOW).operations)).toEqual([]);
  });

  it("says in the trace whose assignment gave way", () => {
    const plan = evaluate(issueOn(SINGLE, p0), RULES, NOW);
    expect(plan.trace.flatMap((entry) => entry.notes)).toContainEqual(expect.stringMatching(/^one assignee on this tracker: oncall-zhang .* instead of ops-a/));
  });

  it.each<[string, TrackerCapabilities, string[][]]>([
    ["a rule naming two people assigns the first on a single-assignee tracker", SINGLE, [["vendor-a"]]],
    ["and both where an issue holds many", MANY, [["vendor-a", "vendor-b"]]],
  ])("%s", (_name, capabilities, expected) => {
    const issue = issueOn(capabilities, { labels: ["priority/P3", "vendor"], assignees: ["li-wei"] });
    const plan = evaluate(issue, RULES, NOW);
    expect(assigns(plan.operations)).toEqual(expected);
    expect(assigns(evaluate(applyInMemory(issue, plan, NOW), RULES, NOW).operations)).toEqual([]);
  });
});

describe("issue types only where the tracker has them", () => {
  it.each<[string, TrackerCapabilities, boolean]>([
    ["a type condition matches on a tracker with issue types", SINGLE, true],
    ["and never on one without, whatever type the issue carries", MANY, false],
  ])("%s", (_name, capabilities, labelled) => {
    const plan = evaluate(issueOn(capabilities, { labels: ["priority/P3"], assignees: ["li-wei"], type: "Bug" }), RULES, NOW);
    const added = plan.operations.flatMap((op) => (op.kind === "add-labels" ? op.labels : []));
    expect(added.includes("kind/bug")).toBe(labelled);
  });
});

describe("internal comments only where the tracker has them", () => {
  // A P0 whose only team answer came 5 minutes in, as a comment the adapter marked not public.
  const answered = {
    labels: ["priority/P0"],
    assignees: ["oncall-zhang"],
    history: [{ at: "2026-03-11T09:00:00+08:00", labeled: "priority/P0", by: TEAM }],
    comments: [{ author: TEAM, at: "2026-03-11T09:05:00+08:00", body: "Looking into it", internal: true }],
  };
  it.each<[string, TrackerCapabilities, boolean]>([
    ["an internal note is no response to the reporter: the first response is breached", SINGLE, true],
    ["on a tracker without internal comments every comment is public: answered in time", MANY, false],
  ])("%s", (_name, capabilities, breached) => {
    const plan = evaluate(issueOn(capabilities, answered), RULES, NOW);
    const keys = plan.operations.flatMap((op) => (op.kind === "comment" ? (op.keys ?? [op.key]) : []));
    expect(keys.includes("sla-breach/first-response/cycle-1")).toBe(breached);
  });
});
