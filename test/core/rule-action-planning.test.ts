/**
 * Each rule action plans through its own module: the engine looks the compiled action up by its
 * kind and hands it the facts and the plan. And what the engine and the apply step once asked of
 * a kind by its name, they now ask of its module: which kinds assign people, which post a new
 * comment, what an issue outside the scope may still get.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import { OPERATION_KINDS, OPERATIONS, RULE_ACTIONS, ruleActionOf } from "../../src/core/operations/registry.ts";
import type { Operation } from "../../src/core/plan.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { lines, load } from "./load-in-memory.ts";

const why = { rule: "rules.r", reason: "why" };
const FORM = "### Impact scope\nall\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";
const NOW = Date.parse("2026-03-11T10:00:00+08:00");
const TEAM = { id: "li-wei", association: "MEMBER" };
const issue = (spec: Partial<IssueSpecInput>): Issue =>
  issueFromSpec({ title: "Checkout fails", body: FORM, created: "2026-03-11T09:00:00+08:00", labels: ["priority/P2", "stale"], history: [{ at: "2026-03-11T09:00:00+08:00", labeled: "priority/P2", by: TEAM }], ...spec }, 0);

const EVERY = lines(
  "extends: support",
  "groups: { on-call: [oncall-zhang] }",
  "rules:",
  "  - name: every",
  "    then:",
  "      - { label: [a, b] }",
  "      - { unlabel: stale }",
  "      - { comment: 'Hello {author}' }",
  "      - { mention: on-call }",
  "      - { assign: on-call }",
  "      - { close: not_planned }",
  "      - { set-field: { name: environment, value: prod } }",
  "      - { transition: In Progress }",
);

describe("planning a rule's actions", () => {
  it("finds, for every compiled action, the rule action of its key", () => {
    const { rules, messages } = load(EVERY);
    expect(messages).toEqual([]);
    const then = rules?.rules[0]?.then ?? [];
    expect(then.map((action) => ruleActionOf(action).key)).toEqual(then.map((action) => action.kind));
    for (const action of then) expect(RULE_ACTIONS).toContain(ruleActionOf(action));
  });

  it("refuses an action no rule action compiles to, naming its kind", () => {
    expect(() => ruleActionOf({ kind: "lable" })).toThrow('no rule action compiles to "lable"');
  });

  it("plans each action as a difference from the issue, through its module", () => {
    const { rules } = load(EVERY);
    if (!rules) throw new Error("rules did not load");
    const plan = evaluate(issue({}), rules, NOW);
    const mine = plan.operations.filter((op) => op.rule === "rules.every");
    expect(mine.map((op) => op.kind)).toEqual(expect.arrayContaining(["add-labels", "remove-labels", "assign", "close"]));
    expect(mine.find((op) => op.kind === "add-labels")).toMatchObject({ labels: ["a", "b"], reason: "rule every" });
    expect(mine.find((op) => op.kind === "remove-labels")).toMatchObject({ labels: ["stale"] });
    expect(mine.find((op) => op.kind === "assign")).toMatchObject({ assignees: ["oncall-zhang"] });
    expect(mine.find((op) => op.kind === "close")).toMatchObject({ closeReason: "not_planned" });
    // The comment and the mention are notices of the run's one comment, the author's name filled in.
    const comment = plan.operations.find((op) => op.kind === "comment");
    expect(comment?.kind === "comment" ? comment.keys : []).toEqual(expect.arrayContaining(["rule/every", "rule/every/mention"]));
    expect(comment?.kind === "comment" ? comment.body : "").toContain("Hello reporter");
    // A GitHub issue has no workflow status: the transition is skipped and the trace says why.
    expect(plan.trace).toContainEqual({ rule: "rules.every", fired: false, notes: ["transition skipped: this tracker's issues have no workflow status"] });
  });

  it("plans nothing for what the issue already is", () => {
    const { rules } = load(EVERY);
    if (!rules) throw new Error("rules did not load");
    const done = issue({ labels: ["priority/P2", "a", "b"], state: "closed", assignees: ["oncall-zhang"] });
    const mine = evaluate(done, rules, NOW).operations.filter((op) => op.rule === "rules.every" && op.kind !== "comment");
    expect(mine).toEqual([]);
  });
});

describe("what the modules say of their kinds", () => {
  const assign: Extract<Operation, { kind: "assign" }> = { kind: "assign", assignees: ["ann", "bob"], ...why };

  it("only assign assigns people, and cuts to one person keeping who asked and why", () => {
    expect(OPERATION_KINDS.filter((kind) => OPERATIONS[kind].assigns !== undefined)).toEqual(["assign"]);
    expect(OPERATIONS.assign.assigns?.people(assign)).toEqual(["ann", "bob"]);
    expect(OPERATIONS.assign.assigns?.only(assign, "bob")).toEqual({ kind: "assign", assignees: ["bob"], ...why });
  });

  it("only a new comment is one the apply step reads the issue afresh for", () => {
    expect(OPERATION_KINDS.filter((kind) => OPERATIONS[kind].notices?.edited === false)).toEqual(["comment"]);
  });

  it("outside the scope, labels (but the scope's own) and the priority only", () => {
    expect(OPERATION_KINDS.filter((kind) => OPERATIONS[kind].quiet !== undefined).sort()).toEqual(["add-labels", "remove-labels", "set-priority"]);
    const may = { add: (label: string) => label !== "support", remove: (label: string) => label !== "wontfix" };
    const add: Extract<Operation, { kind: "add-labels" }> = { kind: "add-labels", labels: ["a", "support"], ...why };
    expect(OPERATIONS["add-labels"].quiet?.(add, may)).toEqual({ ...add, labels: ["a"] });
    expect(OPERATIONS["add-labels"].quiet?.({ ...add, labels: ["support"] }, may)).toBeUndefined();
    const kept = { ...add, labels: ["a", "b"] };
    expect(OPERATIONS["add-labels"].quiet?.(kept, may)).toBe(kept);
    const remove: Extract<Operation, { kind: "remove-labels" }> = { kind: "remove-labels", labels: ["wontfix", "support"], ...why };
    expect(OPERATIONS["remove-labels"].quiet?.(remove, may)).toEqual({ ...remove, labels: ["support"] });
    const priority: Extract<Operation, { kind: "set-priority" }> = { kind: "set-priority", priority: "P1", labels: { add: ["support"], remove: [] }, ...why };
    expect(OPERATIONS["set-priority"].quiet?.(priority, may)).toBe(priority);
  });
});
