/**
 * `priority.matrix`: its diagnostics (an unknown value in the table, a missing cell, a level that
 * does not exist, a field the rules do not declare, an answer two values claim) with their
 * file:line:col, and what evaluation does with it — the cell where both answers are values,
 * text inference where one is missing or is free text, a person's priority kept, the re-grade of
 * a priority the tool set, the explanation line in either locale, and the cell in the trace.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Plan } from "../../src/core/plan.ts";
import { normaliseAnswer } from "../../src/core/rules/priority-matrix.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { applyInMemory } from "./apply-in-memory.ts";
import { lines, load } from "./load-in-memory.ts";

const NOW = Date.parse("2026-03-11T10:00:00+08:00");
const rulesOf = (text: string): Rules => {
  const { rules, messages } = load(text);
  if (!rules) throw new Error(messages.join("\n"));
  return rules;
};
const PRESET = rulesOf("extends: support\n");
const ZH = rulesOf("extends: support\nlocale: zh\n");

const form = (impact: string | undefined, urgency: string | undefined, symptom = "The page shows a spinner") =>
  [
    ...(impact === undefined ? [] : [["Impact", impact]]),
    ...(urgency === undefined ? [] : [["Urgency", urgency]]),
    ["Impact scope", "Customers of the web shop"],
    ["Symptom and error message", symptom],
    ["Start time", "2026-03-11 09:30"],
    ["Steps to reproduce", "1. Open it"],
    ["Environment", "Chrome 132"],
  ]
    .map(([heading, text]) => `### ${heading}\n\n${text}`)
    .join("\n\n");
const issue = (spec: Partial<IssueSpecInput>): Issue => issueFromSpec({ title: "Checkout problem", created: "2026-03-11T09:50:00+08:00", ...spec }, 0);
const notesOf = (plan: Plan) => plan.trace.find((t) => t.rule === "priority")?.notes ?? [];
const commentText = (plan: Plan) => plan.operations.flatMap((op) => (op.kind === "comment" || op.kind === "edit-comment" ? [op.body] : [])).join("\n");
const priorityOp = (plan: Plan) => plan.operations.find((op) => op.kind === "set-priority");

describe("priority.matrix diagnostics", () => {
  it("an unknown value, a missing cell and a level that does not exist are each located, with what was expected", () => {
    const { rules, messages } = load(
      lines("extends: support", "priority:", "  matrix:", "    table:", "      all: { stoped: P0 }", "      everyone: { stopped: P0 }", "      one: { stopped: P9, degraded: null }"),
    );
    expect(rules).toBeUndefined();
    expect(messages).toEqual([
      'rules.yml:5:22: priority.matrix.table.all.stoped: expected an urgency value of the matrix (stopped, degraded, can-wait), found "stoped" — did you mean "stopped"?',
      'rules.yml:6:17: priority.matrix.table.everyone: expected an impact value of the matrix (all, group, one), found "everyone"; declare it under priority.matrix.impact.values',
      'rules.yml:7:12: priority.matrix.table.one: expected a level for every cell of impact "one" (urgency stopped, degraded, can-wait), found none for "degraded"; add e.g. one: { degraded: P2 }',
      'rules.yml:7:23: priority.matrix.table.one.stopped: expected a declared priority (P0, P1, P2, P3), found "P9"; declare it under priority.levels',
    ]);
  });

  it("a matrix of its own: the field must be declared, each value needs answers, an answer means one value", () => {
    const { messages } = load(
      lines(
        "priority:",
        "  levels: { P1: {}, P2: {} }",
        "  matrix:",
        "    impact: { field: reach, values: { wide: { answers: [Everyone] }, narrow: { answers: [everyone] } } }",
        "    urgency: { field: urgency, values: { now: {} } }",
        "    table: { wide: { now: P1 } }",
        "fields: { urgency: { github: { section: Urgency } } }",
      ),
    );
    expect(messages).toEqual([
      'rules.yml:4:22: priority.matrix.impact.field: expected a declared field (urgency), found "reach"; declare it under fields',
      'rules.yml:4:90: priority.matrix.impact.values.narrow.answers[0]: expected an answer that means one value only, found "everyone", which "wide" lists too',
      "rules.yml:5:47: priority.matrix.urgency.values.now: expected answers: the dropdown option(s) and tracker field option(s) that mean \"now\", found none",
      'rules.yml:6:12: priority.matrix.table: expected a level for every cell of impact "narrow" (urgency now), found none for "now"; add e.g. narrow: { now: P2 }',
    ]);
  });

  it("a file that extends the preset changes one cell, or turns the matrix off with null", () => {
    const one = rulesOf(lines("extends: support", "priority:", "  matrix:", "    table:", "      one: { stopped: P1 }"));
    expect([...(one.priority.matrix?.table.get("one") ?? [])]).toEqual([["stopped", "P1"], ["degraded", "P3"], ["can-wait", "P3"]]);
    expect(evaluate(issue({ body: form("One user", "Business stopped") }), one, NOW).priority).toBe("P1");
    const off = rulesOf(lines("extends: support", "priority:", "  matrix: null"));
    expect(off.priority.matrix).toBeUndefined();
    expect(evaluate(issue({ body: form("All users (≥ 50 %)", "Business stopped") }), off, NOW).prioritySource).toEqual({ kind: "default" });
  });

  it("answers compare without case, spaces or full-width forms", () => {
    expect(normaliseAnswer("全部用户（≥ 50%）")).toBe(normaliseAnswer("全部用户(≥50%)"));
    expect(normaliseAnswer(" All Users (≥ 50 %) ")).toBe(normaliseAnswer("all users (≥50%)"));
  });
});

describe("priority from the matrix", () => {
  it("both answered: the cell decides, whatever the words say, and the first comment says how", () => {
    const plan = evaluate(issue({ title: "Typo on the help page", body: form("All users (≥ 50 %)", "Business stopped") }), PRESET, NOW);
    expect(plan.priority).toBe("P0");
    expect(plan.prioritySource).toEqual({ kind: "matrix", impact: "all", urgency: "stopped", answers: { impact: "All users (≥ 50 %)", urgency: "Business stopped" } });
    expect(priorityOp(plan)).toMatchObject({ priority: "P0", labels: { add: ["priority/P0"], remove: [] } });
    expect(commentText(plan)).toContain("Impact: all users × Urgency: business stopped → P0");
    expect(notesOf(plan).join("\n")).toContain('matrix cell priority.matrix.table.all.stopped = P0 (impact "All users (≥ 50 %)" → all, urgency "Business stopped" → stopped)');
  });

  it("every cell of the preset's table is read as written", () => {
    const cells: [string, string, string][] = [
      ["All users (≥ 50 %)", "Degraded (a workaround exists)", "P1"],
      ["All users (≥ 50 %)", "Can wait", "P2"],
      ["A department or group of users", "Business stopped", "P1"],
      ["A department or group of users", "Degraded (a workaround exists)", "P2"],
      ["A department or group of users", "Can wait", "P3"],
      ["One user", "Business stopped", "P2"],
      ["One user", "Degraded (a workaround exists)", "P3"],
      ["One user", "Can wait", "P3"],
    ];
    for (const [impact, urgency, level] of cells) expect([impact, urgency, evaluate(issue({ body: form(impact, urgency) }), PRESET, NOW).priority]).toEqual([impact, urgency, level]);
  });

  it("one answer missing: the text decides, and the first comment says which words and asks for the answers", () => {
    const plan = evaluate(issue({ title: "All users cannot pay", body: form("All users (≥ 50 %)", undefined) }), PRESET, NOW);
    expect(plan.priority).toBe("P0");
    expect(plan.prioritySource).toEqual({ kind: "words", words: ["All users", "cannot"] });
    expect(notesOf(plan)).toContain("matrix: urgency not answered; the text decides");
    expect(commentText(plan)).toBe('Impact and urgency not chosen; the words "All users" + "cannot" in the report → P0. Choose Impact and Urgency in the report and the priority follows them.');
  });

  it("with intake.require asking for urgency too, the line on the priority comes after the intake's list", () => {
    const rules = rulesOf(lines("extends: support", "intake:", "  require: [impact, urgency, symptom, started, steps, environment]"));
    const text = commentText(evaluate(issue({ title: "All users cannot pay", body: form("All users (≥ 50 %)", undefined) }), rules, NOW));
    expect(text).toContain("- [ ] Urgency");
    expect(text.indexOf("- [ ] Urgency")).toBeLessThan(text.indexOf('the words "All users" + "cannot" in the report → P0'));
  });

  it("a free-text impact is no value: the text decides, and says it in the trace", () => {
    const plan = evaluate(issue({ title: "Blank page", body: form("The finance team", "Business stopped") }), PRESET, NOW);
    expect(plan.priority).toBe("P2");
    expect(plan.prioritySource).toEqual({ kind: "default" });
    expect(notesOf(plan)[0]).toMatch(/^matrix: the impact answer "The finance team" is none of its values \(all, group, one\)/);
    // The default alone is no reason for a comment.
    expect(commentText(plan)).toBe("");
  });

  it("changing the answers re-grades a priority the tool set, and edits its line in place", () => {
    const first = issue({ body: form("All users (≥ 50 %)", "Business stopped") });
    const plan = evaluate(first, PRESET, NOW);
    const applied = applyInMemory(first, plan, NOW);
    expect(evaluate(applied, PRESET, NOW + 60_000).operations).toEqual([]);
    const changed = { ...applied, body: form("One user", "Can wait") };
    const again = evaluate(changed, PRESET, NOW + 60_000);
    expect(again.priority).toBe("P3");
    expect(priorityOp(again)).toMatchObject({ labels: { add: ["priority/P3"], remove: ["priority/P0"] } });
    const edit = again.operations.find((op) => op.kind === "edit-comment");
    expect(edit?.kind === "edit-comment" ? edit.body : "").toContain("Impact: one user × Urgency: can wait → P3");
  });

  it("a priority a person set wins over the matrix, and the line says so", () => {
    const first = issue({ body: form("All users (≥ 50 %)", "Business stopped") });
    const applied = applyInMemory(first, evaluate(first, PRESET, NOW), NOW);
    const byPerson: Issue = {
      ...applied,
      body: form("One user", "Can wait"),
      labels: [...applied.labels.filter((l) => l !== "priority/P0"), "priority/P1"],
      history: [...applied.history, { kind: "unlabeled", label: "priority/P0", at: NOW + 1000, actor: { id: "li-wei", association: "MEMBER" } }, { kind: "labeled", label: "priority/P1", at: NOW + 1000, actor: { id: "li-wei", association: "MEMBER" } }],
    };
    const plan = evaluate(byPerson, PRESET, NOW + 60_000);
    expect(plan.priority).toBe("P1");
    expect(plan.priorityInferred).toBe(false);
    expect(plan.prioritySource).toEqual({ kind: "person" });
    expect(priorityOp(plan)).toBeUndefined();
    expect(commentText(plan)).toContain("P1, set by a person: the tool keeps it");
  });

  it("in Chinese: the Chinese form's answers, and the line in the rules' locale", () => {
    const body = form("全部用户（≥ 50%）", "业务中断").replace("### Impact\n", "### 影响程度\n").replace("### Urgency", "### 紧急程度").replace("### Impact scope", "### 影响范围");
    const plan = evaluate(issue({ body }), ZH, NOW);
    expect(plan.priority).toBe("P0");
    expect(commentText(plan)).toContain("影响范围：全部用户 × 紧急程度：业务中断 → P0");
  });

  it("on Jira: the Impact and Urgency select fields, by name", () => {
    const plan = evaluate(issue({ tracker: "jira", priority: "Medium", body: form(undefined, undefined), fields: { Impact: "Extensive / Widespread", Urgency: "Critical" } }), PRESET, NOW);
    expect(plan.priority).toBe("P0");
    expect(priorityOp(plan)).toMatchObject({ priority: "P0", native: "Highest" });
  });
});
