/**
 * The operation registry: one module per kind of operation, each naming the kind the way every
 * report and summary prints it, and describing the fields its plan JSON carries.
 */
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { digestNotices } from "../../src/core/operations/comment.ts";
import { operationsOf } from "../../src/core/operations/operations-of.ts";
import { applyOrder, describeOperation, moduleNamed, moduleOf, OPERATION_KINDS, OPERATIONS, RULE_ACTIONS, SUMMARY_ORDER } from "../../src/core/operations/registry.ts";
import type { Operation, OperationKind } from "../../src/core/plan.ts";
import { ACTION_KEYS, Action } from "../../src/core/rules/schema.ts";
import { lines, load } from "./load-in-memory.ts";

const why = { rule: "rules.r", reason: "why" };

/** One operation of every kind, as evaluation plans them, and how each reads in reports. */
const SAMPLES: { [K in OperationKind]: { op: Extract<Operation, { kind: K }>; line: string; markdown: string; brief: string } } = {
  "add-labels": { op: { kind: "add-labels", labels: ["needs-info", "bug"], ...why }, line: "+ label needs-info, bug", markdown: "+`needs-info` +`bug`", brief: "add-labels needs-info, bug" },
  "remove-labels": { op: { kind: "remove-labels", labels: ["stale"], ...why }, line: "- label stale", markdown: "−`stale`", brief: "remove-labels stale" },
  comment: {
    op: { kind: "comment", key: "intake/missing", keys: ["intake/missing", "sla-breach/first-response/cycle-1"], body: "a\n\n---\n\nb", mentions: ["li-wei"], ...why },
    line: "+ comment [intake/missing sla-breach/first-response/cycle-1] cc @li-wei",
    markdown: "comment `intake/missing` `sla-breach/first-response/cycle-1`",
    brief: "comment intake/missing sla-breach/first-response/cycle-1",
  },
  "edit-comment": {
    op: { kind: "edit-comment", key: "closure/checklist", commentId: "42", body: "done", mentions: [], ...why },
    line: "~ comment [closure/checklist]",
    markdown: "edit comment `closure/checklist`",
    brief: "edit-comment closure/checklist",
  },
  assign: { op: { kind: "assign", assignees: ["oncall-zhang"], ...why }, line: "+ assign oncall-zhang", markdown: "assign oncall-zhang", brief: "assign oncall-zhang" },
  reopen: { op: { kind: "reopen", ...why }, line: "↺ reopen", markdown: "reopen", brief: "reopen" },
  close: { op: { kind: "close", closeReason: "not_planned", ...why }, line: "✕ close as not_planned", markdown: "close (not_planned)", brief: "close" },
  "set-priority": {
    op: { kind: "set-priority", priority: "P1", labels: { add: ["priority/P1"], remove: ["priority/P2"] }, native: "High", ...why },
    line: "★ priority P1",
    markdown: "priority P1",
    brief: "set-priority P1",
  },
  "set-field": { op: { kind: "set-field", field: "customfield_10010", value: ["web", "api"], ...why }, line: '= field customfield_10010 = ["web","api"]', markdown: "set customfield_10010", brief: "set-field customfield_10010" },
  transition: { op: { kind: "transition", to: "In Progress", ...why }, line: "→ transition In Progress", markdown: "transition to In Progress", brief: "transition" },
  notify: {
    op: {
      kind: "notify",
      channel: "oncall-pager",
      via: { kind: "pagerduty", name: "oncall-pager", routingKey: { env: "PAGERDUTY_ROUTING_KEY" } },
      message: {
        channel: "oncall-pager",
        key: "notify/oncall-pager/resolution/cycle-1/level-1",
        event: "trigger",
        dedupKey: "issue-shepherd/acme/shop#12/cycle-1",
        severity: "critical",
        title: "P0 breached — resolution 4h, 1 h 12 min over — acme/shop#12: Checkout down",
        text: "resolution",
        url: "https://github.com/acme/shop/issues/12",
        issue: "acme/shop#12",
        priority: "P0",
      },
      ...why,
    },
    line: "→ notify oncall-pager: P0 breached — resolution 4h, 1 h 12 min over — acme/shop#12: Checkout down",
    markdown: "notify `oncall-pager`: P0 breached — resolution 4h, 1 h 12 min over — acme/shop#12: Checkout down",
    brief: "notify oncall-pager (notify/oncall-pager/resolution/cycle-1/level-1)",
  },
};
const samples = Object.values(SAMPLES) as { op: Operation; line: string; markdown: string; brief: string }[];

describe("the operation registry", () => {
  it("has a module for every kind, registered under its own kind", () => {
    expect(OPERATION_KINDS).toEqual(Object.keys(SAMPLES));
    for (const kind of OPERATION_KINDS) expect(OPERATIONS[kind].kind).toBe(kind);
  });

  it("lists every kind exactly once in the first-run summary's order", () => {
    expect([...SUMMARY_ORDER].sort()).toEqual([...OPERATION_KINDS].sort());
    expect(new Set(SUMMARY_ORDER).size).toBe(SUMMARY_ORDER.length);
  });

  it("gives every kind its own name in the summary", () => {
    const names = OPERATION_KINDS.map((kind) => OPERATIONS[kind].summaryName);
    expect(new Set(names).size).toBe(names.length);
  });

  it("finds a module by a kind read as text, and none for anything else", () => {
    expect(moduleNamed("set-field")).toBe(OPERATIONS["set-field"]);
    for (const other of ["", "label", "toString", "__proto__", "constructor", "Set-Field"]) expect(moduleNamed(other)).toBeUndefined();
  });
});

describe.each(samples)("$op.kind", ({ op, line, markdown, brief }) => {
  const module = moduleOf(op);

  it("reads as reports have always printed it", () => {
    expect(describeOperation(op)).toBe(line);
    expect(module.markdown(op)).toBe(markdown);
    expect(module.brief(op)).toBe(brief);
  });

  it("describes every field its plan JSON carries, and nothing else", () => {
    const { kind: _kind, rule: _rule, reason: _reason, ...fields } = op;
    const schemas = Object.fromEntries(Object.entries<z.ZodType | undefined>(module.fields).flatMap(([name, schema]) => (schema === undefined ? [] : [[name, schema.optional()]])));
    expect(z.strictObject(schemas).safeParse(fields).error?.issues ?? []).toEqual([]);
    const named = Object.keys(module.fields);
    for (const name of Object.keys(fields)) expect(named).toContain(name);
  });

  it("says which labels it changes when it changes labels, and which notices when it comments", () => {
    const change = module.labels?.(op);
    const labels = op.kind === "add-labels" ? { add: op.labels, remove: [] } : op.kind === "remove-labels" ? { add: [], remove: op.labels } : op.kind === "set-priority" ? op.labels : undefined;
    expect(change).toEqual(labels);
    const notices = module.notices;
    expect(notices === undefined).toBe(op.kind !== "comment" && op.kind !== "edit-comment");
    if (notices !== undefined && (op.kind === "comment" || op.kind === "edit-comment")) expect(notices.keys(op)).toEqual(op.keys ?? [op.key]);
  });
});

describe("the order adapters apply a plan in", () => {
  it("is the plan's, with channel notices after every tracker write, in their own order", () => {
    const pager = SAMPLES.notify.op;
    const room = { ...pager, channel: "support-room" };
    const plan: Operation[] = [pager, SAMPLES.comment.op, room, SAMPLES["add-labels"].op, SAMPLES.close.op];
    expect(applyOrder(plan).map((i) => plan[i])).toEqual([SAMPLES.comment.op, SAMPLES["add-labels"].op, SAMPLES.close.op, pager, room]);
  });

  it("puts only the kinds that are no tracker write last", () => {
    expect(OPERATION_KINDS.filter((kind) => OPERATIONS[kind].after === "writes")).toEqual(["notify"]);
    expect(applyOrder(samples.map((s) => s.op))).toEqual(samples.map((_, i) => i));
  });
});

describe("a digest comment's notices", () => {
  it("each say their own part, and the body stands for a key without one", () => {
    const op: Extract<Operation, { kind: "comment" }> = {
      kind: "comment",
      key: "intake/missing",
      keys: ["intake/missing", "escalation/cycle-1/level-1"],
      parts: [{ key: "intake/missing", body: "Please add the impact scope.", mentions: [], rule: "intake", reason: "r" }],
      body: "whole digest",
      mentions: [],
      ...why,
    };
    expect(OPERATIONS.comment.notices?.text(op, "intake/missing")).toBe("Please add the impact scope.");
    expect(OPERATIONS.comment.notices?.text(op, "escalation/cycle-1/level-1")).toBe("whole digest");
  });

  it("are comments of their own for a digest, and none for a plain comment or another kind", () => {
    const part = (key: string) => ({ key, body: `said ${key}`, mentions: ["li-wei"], rule: "r", reason: `why ${key}` });
    const digest: Operation = { kind: "comment", key: "a", keys: ["a", "b"], parts: [{ ...part("a"), sticky: true }, part("b")], body: "said a\n\n---\n\nsaid b", mentions: ["li-wei"], ...why };
    expect(digestNotices(digest)).toEqual([
      { kind: "comment", ...part("a") },
      { kind: "comment", ...part("b") },
    ]);
    expect(digestNotices(SAMPLES.comment.op)).toBeUndefined();
    for (const { op } of samples) if (op !== SAMPLES.comment.op) expect(digestNotices(op)).toBeUndefined();
  });
});

describe("a query about one kind", () => {
  it("finds the operations of that kind only, in their order", () => {
    const plan = samples.map((s) => s.op);
    const again = { ...SAMPLES.reopen.op, reason: "again" };
    expect(operationsOf([...plan, again], "reopen")).toEqual([SAMPLES.reopen.op, again]);
    expect(operationsOf(plan, "set-field").map((op) => op.field)).toEqual(["customfield_10010"]);
    expect(operationsOf([], "notify")).toEqual([]);
  });
});

describe("rule actions", () => {
  it("every key a then: entry takes is the rule action of exactly one operation module", () => {
    expect(Object.keys(Action.shape)).toEqual(ACTION_KEYS);
    expect(ACTION_KEYS).toEqual(RULE_ACTIONS.map((a) => a.key));
    for (const action of RULE_ACTIONS) {
      const owners = OPERATION_KINDS.filter((kind) => OPERATIONS[kind].actions?.includes(action));
      expect(owners, action.key).toHaveLength(1);
    }
    expect(new Set(ACTION_KEYS).size).toBe(ACTION_KEYS.length);
  });

  it("each compiles from its key to the action the engine plans from", () => {
    const { rules, messages } = load(
      lines(
        "extends: support",
        "rules:",
        "  - name: every",
        "    then:",
        "      - { label: [a, b] }",
        "      - { unlabel: c }",
        "      - { comment: { text: Hello, key: hi, sticky: true } }",
        "      - { comment: Plain }",
        "      - { mention: [on-call, '@li-wei'] }",
        "      - { assign: on-call }",
        "      - { reopen: true }",
        "      - { close: not_planned }",
        "      - { priority: P1 }",
        "      - { set-field: { name: environment, value: prod } }",
        "      - { transition: In Progress }",
      ),
    );
    expect(messages).toEqual([]);
    expect(rules?.rules[0]?.then).toEqual([
      { kind: "label", labels: ["a", "b"] },
      { kind: "unlabel", labels: ["c"] },
      { kind: "comment", text: "Hello", key: "rule/hi", sticky: true },
      { kind: "comment", text: "Plain", key: "rule/every", sticky: false },
      { kind: "mention", targets: ["on-call", "li-wei"], key: "rule/every/mention" },
      { kind: "assign", targets: ["on-call"] },
      { kind: "reopen" },
      { kind: "close", reason: "not_planned" },
      { kind: "priority", priority: "P1" },
      { kind: "set-field", field: "environment", value: "prod" },
      { kind: "transition", transition: "In Progress" },
    ]);
  });

  it("checks the names an action refers to, at the action's own key", () => {
    const { messages } = load(lines("extends: support", "rules:", "  - { name: r, then: [{ priority: P9 }, { set-field: { name: nope, value: 1 } }, { assign: nobody }] }"));
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^rules\.yml:3:\d+: rules\[0\]\.then\[0\]\.priority: expected a declared priority \(P0, P1, P2, P3\), found "P9"/);
    expect(messages[1]).toMatch(/^rules\.yml:3:\d+: rules\[0\]\.then\[1\]\.set-field\.name: expected a declared field .*found "nope"/);
    expect(messages[2]).toMatch(/^rules\.yml:3:\d+: rules\[0\]\.then\[2\]\.assign: .*"nobody"/);
  });

  it("a misspelt or second action key is located and named", () => {
    const { messages } = load(lines("extends: support", "rules:", "  - { name: r, then: [{ lable: x }, { label: x, unlabel: y }] }"));
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/rules\[0\]\.then\[0\].*"lable".*did you mean "label"/);
    expect(messages[1]).toContain(`expected exactly one action key (${ACTION_KEYS.join(", ")})`);
  });
});
