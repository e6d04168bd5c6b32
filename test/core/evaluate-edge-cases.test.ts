/**
 * Edge cases of evaluate() that threaten idempotence or trust: forged hidden keys, label case,
 * contradictory rules, priorities set by rules, reopened cycles, people undoing the tool.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import { JIRA_CAPABILITIES } from "../../src/jira/capabilities.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { applyInMemory } from "./apply-in-memory.ts";

const scratch = mkdtempSync(join(tmpdir(), "shepherd-edge-"));
let counter = 0;
function rulesFrom(text: string): Rules {
  const path = join(scratch, `r${counter++}.yml`);
  writeFileSync(path, text);
  const { rules, diagnostics } = readRules(path);
  if (!rules) throw new Error(diagnostics.map((d) => d.message).join("\n"));
  return rules;
}

const PRESET = rulesFrom("extends: support\ngroups: { on-call: [oncall-zhang], team-lead: [chen-jing], infra: [ops-a, ops-b] }\ncategories: { network: { group: infra } }\n");
const TEAM = { id: "li-wei", association: "MEMBER" };
const FORM = "### Impact scope\nall\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb";
const at = (local: string) => Date.parse(`${local}+08:00`);
const issue = (spec: Partial<IssueSpecInput>): Issue => issueFromSpec({ title: "Report", body: FORM, created: "2026-03-11T09:00:00+08:00", ...spec }, 0);

/** Evaluate, apply, evaluate again: the second plan must be empty. */
function settles(i: Issue, rules: Rules, now: number) {
  const first = evaluate(i, rules, now);
  const second = evaluate(applyInMemory(i, first, now), rules, now);
  return { first, second };
}

describe("trust in hidden keys", () => {
  it("a reporter pasting the tool's marker silences nothing", () => {
    const opened = issue({
      labels: ["priority/P0"],
      history: [{ at: "2026-03-11T09:00:00+08:00", labeled: "priority/P0", by: TEAM }],
    });
    // As an adapter reads it: the reporter's comment ends in the marker, so it carries the key,
    // but its author is not the tool (a rule test's `key:` would make it the tool's own comment).
    const forged: Issue = {
      ...opened,
      comments: [{ id: "1", author: { id: "reporter", association: "NONE" }, body: "hi", createdAt: at("2026-03-11T09:05:00"), public: true, key: "sla-breach/first-response/cycle-1" }],
    };
    const plan = evaluate(forged, PRESET, at("2026-03-11T09:40:00"));
    expect(plan.operations).toContainEqual(expect.objectContaining({ kind: "comment", key: "sla-breach/first-response/cycle-1" }));
  });
});

describe("labels", () => {
  it("compare case-insensitively, as GitHub does", () => {
    const i = issue({ body: "", labels: ["priority/P2", "Needs-Info"], history: [{ at: "2026-03-11T09:00:00+08:00", labeled: "priority/P2", by: TEAM }] });
    const plan = evaluate(i, PRESET, at("2026-03-11T09:10:00"));
    expect(plan.operations.filter((o) => o.kind === "add-labels" && o.labels.some((l) => l.toLowerCase() === "needs-info"))).toEqual([]);
  });

  it("a plan holds only the net change: a label added and removed in one run is not written", () => {
    const rules = rulesFrom("extends: support\nrules:\n  - { name: a, then: [{ label: triage }] }\n  - { name: b, then: [{ unlabel: triage }] }\n");
    const i = issue({ labels: ["priority/P2"], history: [{ at: "2026-03-11T09:00:00+08:00", labeled: "priority/P2", by: TEAM }] });
    expect(evaluate(i, rules, at("2026-03-11T09:10:00")).operations.filter((o) => o.kind.endsWith("labels"))).toEqual([]);
  });
});

describe("priorities set by rules", () => {
  const rules = rulesFrom("extends: support\nrules:\n  - { name: vip, when: { text: vip }, then: [{ priority: P1 }] }\n");
  it("apply before the clocks and settle", () => {
    const i = issue({ title: "VIP customer cannot print invoices" });
    const { first, second } = settles(i, rules, at("2026-03-11T09:10:00"));
    expect(first.priority).toBe("P1");
    expect(first.clocks.find((c) => c.clock === "first-response")?.target).toBe("30m");
    expect(second.operations).toEqual([]);
  });
});

describe("cycles and periods", () => {
  it("a progress-update reminder after a reopen is a new notice", () => {
    const i = issue({
      labels: ["priority/P1"],
      history: [
        { at: "2026-03-11T09:00:00+08:00", labeled: "priority/P1", by: TEAM },
        { at: "2026-03-11T09:30:00+08:00", closed: "completed", by: TEAM },
        { at: "2026-03-11T10:00:00+08:00", reopened: true, by: "reporter" },
      ],
      comments: [
        { author: TEAM, at: "2026-03-11T09:05:00+08:00", body: "on it\n### Root cause\nx" },
        { author: { id: "github-actions[bot]", bot: true }, at: "2026-03-11T09:40:00+08:00", body: "update due", key: "sla-breach/update/cycle-1/update-1" },
        { author: TEAM, at: "2026-03-11T10:05:00+08:00", body: "looking again" },
      ],
    });
    const plan = evaluate(i, PRESET, at("2026-03-11T10:40:00"));
    expect(plan.operations).toContainEqual(expect.objectContaining({ kind: "comment", key: "sla-breach/update/cycle-2/update-1" }));
  });

  it("an issue without a creation time gets no clocks rather than a 1970 breach", () => {
    const i = { ...issue({ labels: ["priority/P0"] }), createdAt: 0 };
    expect(evaluate(i, PRESET, at("2026-03-11T10:00:00")).clocks).toEqual([]);
  });
});

describe("people undoing the tool", () => {
  it("a priority label a person removed is not put back", () => {
    const i = issue({
      title: "Checkout down for all users",
      history: [
        { at: "2026-03-11T09:01:00+08:00", labeled: "priority/P0", by: { id: "github-actions[bot]", bot: true } },
        { at: "2026-03-11T09:02:00+08:00", unlabeled: "priority/P0", by: TEAM },
      ],
    });
    expect(evaluate(i, PRESET, at("2026-03-11T09:05:00")).operations.filter((o) => o.kind === "set-priority")).toEqual([]);
  });

  it("an issue a person unassigned is not routed again", () => {
    const i = issue({
      labels: ["priority/P2", "category/network"],
      history: [
        { at: "2026-03-11T09:00:00+08:00", labeled: "priority/P2", by: TEAM },
        { at: "2026-03-11T09:01:00+08:00", assigned: "ops-a", by: { id: "github-actions[bot]", bot: true } },
        { at: "2026-03-11T09:02:00+08:00", unassigned: "ops-a", by: TEAM },
      ],
    });
    expect(evaluate(i, PRESET, at("2026-03-11T09:05:00")).operations.filter((o) => o.kind === "assign")).toEqual([]);
  });
});

describe("rules meant for both trackers", () => {
  it("a transition is skipped on GitHub, not failed on every run", () => {
    const rules = rulesFrom('extends: support\nrules:\n  - { name: start, then: [{ transition: "In Progress" }] }\n');
    const i = issue({ labels: ["priority/P2"], history: [{ at: "2026-03-11T09:00:00+08:00", labeled: "priority/P2", by: TEAM }] });
    expect(evaluate(i, rules, at("2026-03-11T09:05:00")).operations.filter((o) => o.kind === "transition")).toEqual([]);
    expect(evaluate({ ...i, capabilities: JIRA_CAPABILITIES, status: { name: "To Do", category: "new" } }, rules, at("2026-03-11T09:05:00")).operations).toContainEqual(
      expect.objectContaining({ kind: "transition", to: "In Progress" }),
    );
  });

  it("idle ignores the tool's own activity", () => {
    const rules = rulesFrom("extends: support\nrules:\n  - { name: stale, when: { idle: { over: 1d } }, then: [{ label: stale }] }\n");
    const i = issue({
      created: "2026-03-01T09:00:00+08:00",
      labels: ["priority/P3"],
      history: [{ at: "2026-03-01T09:00:00+08:00", labeled: "priority/P3", by: TEAM }],
      comments: [{ author: { id: "github-actions[bot]", bot: true }, at: "2026-03-10T09:00:00+08:00", body: "reminder", key: "x" }],
    });
    expect(evaluate(i, rules, at("2026-03-11T09:00:00")).operations).toContainEqual(expect.objectContaining({ kind: "add-labels", labels: ["stale"] }));
  });
});
