/**
 * Scope: which issues the rules govern. Outside issues are left alone (`outside: ignore`) or get
 * labels and priority only (`outside: quiet`), with no clock that started before `since`; the
 * rule file says so in located diagnostics when it is wrong.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../src/rule-tests/test-file-schema.ts";
import { applyInMemory } from "./apply-in-memory.ts";
import { lines, load } from "./load-in-memory.ts";

// A zone of the file's own, so that a bare date reads the same whatever the preset's zone is.
const BERLIN = ["calendars:", "  business: { timezone: Europe/Berlin }"];

function rules(...text: string[]): Rules {
  const { rules: r, messages } = load(lines("extends: support", ...BERLIN, ...text));
  if (!r) throw new Error(messages.join("\n"));
  return r;
}

const TEAM = { id: "li-wei", association: "MEMBER" };
const NOW = Date.parse("2026-12-10T10:00:00Z");

/** A months-old outage report, missing most of the form, never answered: everything breached. */
function oldOutage(extra: Partial<IssueSpecInput> = {}): Issue {
  return issueFromSpec({ title: "Checkout is down for all users", body: "It fails", created: "2026-06-01T08:00:00Z", ...extra }, 0, "github-actions[bot]");
}
const kinds = (plan: { operations: { kind: string }[] }) => plan.operations.map((o) => o.kind);

describe("scope in the rule file", () => {
  it("a bad date, an unknown key, an unknown outside and a label both wanted and excluded are located diagnostics", () => {
    const { rules: r, messages } = load(
      lines("extends: support", "scope:", "  since: 2026-02-30", "  sinse: 2026-01-01", "  outside: loud", "  labels: [support]", "  exclude-labels: [wontfix, Support]"),
    );
    expect(r).toBeUndefined();
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:10: scope.since: expected a date like 2026-12-01 or an instant with its zone like 2026-12-01T09:00:00+08:00, found "2026-02-30"",
        "rules.yml:4:3: scope.sinse: unknown key "sinse" — did you mean "since"? Expected one of: since, labels, exclude-labels, types, outside.",
        "rules.yml:5:12: scope.outside: expected one of "ignore", "quiet", found "loud"",
      ]
    `);
    const clash = load(lines("extends: support", "scope:", "  labels: [support]", "  exclude-labels: [wontfix, Support]"));
    expect(clash.messages).toEqual([
      'rules.yml:4:29: scope.exclude-labels[1]: expected a label scope.labels does not also require, found "Support" in both (no issue could be in the scope); keep it in one of the two',
    ]);
  });

  it("an instant without a zone is refused: it would mean another time on another machine", () => {
    const { messages } = load(lines("extends: support", "scope: { since: 2026-12-01T09:00 }"));
    expect(messages).toEqual([
      'rules.yml:2:17: scope.since: expected a date like 2026-12-01 or an instant with its zone like 2026-12-01T09:00:00+08:00, found "2026-12-01T09:00"',
    ]);
  });

  it("a bare date starts at midnight in the zone the reports use; an instant is taken as written", () => {
    const byDate = rules("scope: { since: 2026-12-01 }");
    // 00:30 in Berlin on 1 December is 23:30 UTC the day before.
    const justIn = issueFromSpec({ title: "t", created: "2026-11-30T23:30:00Z" }, 0, "github-actions[bot]");
    const justOut = issueFromSpec({ title: "t", created: "2026-11-30T22:59:00Z" }, 0, "github-actions[bot]");
    expect(evaluate(justIn, byDate, NOW).scope).toBe("in");
    expect(evaluate(justOut, byDate, NOW).scope).toBe("ignored");
    const byInstant = rules('scope: { since: "2026-12-01T00:00:00Z" }');
    expect(evaluate(justIn, byInstant, NOW).scope).toBe("ignored");
  });
});

describe("outside: ignore (the default)", () => {
  const r = rules("scope: { since: 2026-12-01 }");

  it("an old issue gets an empty plan and no clocks, and says why", () => {
    const plan = evaluate(oldOutage(), r, NOW, { explain: true });
    expect(plan.scope).toBe("ignored");
    expect(plan.operations).toEqual([]);
    expect(plan.clocks).toEqual([]);
    expect(plan.trace.find((t) => t.rule === "scope")?.notes[0]).toBe(
      "outside the scope: created 2026-06-01 10:00 +02:00, before scope.since (2026-12-01 00:00 +01:00)",
    );
  });

  it("the same issue opened after the date gets the whole process", () => {
    const plan = evaluate(oldOutage({ created: "2026-12-10T08:00:00Z" }), r, NOW);
    expect(plan.scope).toBe("in");
    expect(kinds(plan)).toEqual(expect.arrayContaining(["set-priority", "add-labels", "comment"]));
  });

  it("labels, exclude-labels and types decide too", () => {
    const s = rules("scope: { labels: [support], exclude-labels: [wontfix], types: [Bug, Incident] }");
    const issue = (labels: string[], type?: string) => issueFromSpec({ title: "t", created: "2026-12-10T08:00:00Z", labels, ...(type ? { type } : {}) }, 0, "x");
    expect(evaluate(issue(["Support"], "bug"), s, NOW).scope).toBe("in");
    expect(evaluate(issue([], "Bug"), s, NOW).scope).toBe("ignored");
    expect(evaluate(issue(["support", "wontfix"], "Bug"), s, NOW).scope).toBe("ignored");
    expect(evaluate(issue(["support"], "Task"), s, NOW).scope).toBe("ignored");
    expect(evaluate(issue(["support"]), s, NOW).scope).toBe("ignored");
  });

  it("a label added later brings the issue in, and its clocks count from its creation", () => {
    const s = rules("scope: { since: 2026-12-01, labels: [support] }");
    const issue = oldOutage({
      created: "2026-12-10T08:00:00Z",
      labels: ["support"],
      history: [{ at: "2026-12-10T09:50:00Z", labeled: "support", by: TEAM }],
    });
    const plan = evaluate(issue, s, NOW);
    expect(plan.scope).toBe("in");
    // P0, first response 15 m: breached from 08:15, not from when the label came.
    expect(plan.clocks.find((c) => c.clock === "first-response")?.state).toBe("breached");
  });
});

describe("outside: quiet", () => {
  const r = rules("scope: { since: 2026-12-01, outside: quiet }");

  it("an old issue gets labels and priority only: no comment, no assignment, no breach of its old clocks", () => {
    const withPeople = rules("scope: { since: 2026-12-01, outside: quiet }", "groups: { on-call: [oncall-zhang], team-lead: [chen-jing] }", "categories: { software: { group: on-call } }");
    const plan = evaluate(oldOutage({ labels: ["bug"] }), withPeople, NOW);
    expect(plan.scope).toBe("quiet");
    expect(new Set(kinds(plan))).toEqual(new Set(["set-priority", "add-labels"]));
    expect(plan.operations).toContainEqual(expect.objectContaining({ kind: "add-labels", labels: ["needs-info"] }));
    expect(plan.operations.flatMap((o) => (o.kind === "add-labels" ? o.labels : []))).not.toContain("sla/breached");
    expect(plan.clocks).toEqual([]);
    // Without the scope the same issue gets comments, an assignment and a breach.
    const loud = evaluate(oldOutage({ labels: ["bug"] }), rules("groups: { on-call: [oncall-zhang], team-lead: [chen-jing] }", "categories: { software: { group: on-call } }"), NOW);
    expect(kinds(loud)).toEqual(expect.arrayContaining(["comment", "assign"]));
  });

  it("the quiet plan applied, the next run plans nothing", () => {
    const first = evaluate(oldOutage(), r, NOW);
    const after = applyInMemory(oldOutage(), first, NOW);
    expect(evaluate(after, r, NOW + 3_600_000).operations).toEqual([]);
  });

  it("a cycle that starts after the date counts: a reopen after adoption can breach (labels only)", () => {
    const issue = oldOutage({
      labels: ["priority/P0"],
      body: "### Impact scope\nall\n### Symptom and error message\nx\n### Start time\nnow\n### Steps to reproduce\n1\n### Environment\nweb",
      comments: [{ author: TEAM, at: "2026-06-01T08:05:00Z", body: "on it\n### Root cause\nx" }],
      history: [
        { at: "2026-06-01T08:00:00Z", labeled: "priority/P0", by: TEAM },
        { at: "2026-06-02T08:00:00Z", closed: "completed", by: TEAM },
        { at: "2026-12-10T02:00:00Z", reopened: true, by: "reporter" },
      ],
    });
    const plan = evaluate(issue, r, NOW);
    expect(plan.scope).toBe("quiet");
    // Resolution (P0, 4 h) of cycle 2 started at 02:00: breached at 10:00; first response is old.
    expect(plan.clocks.map((c) => `${c.clock}:${c.cycle}:${c.state}`)).toEqual(["update:2:not-applicable", "mitigation:2:breached", "resolution:2:breached"]);
    // The ladder's labels come with it; its assignment and comment do not.
    expect(plan.operations).toEqual([
      expect.objectContaining({ kind: "add-labels", labels: ["sla/breached"] }),
      expect.objectContaining({ kind: "add-labels", labels: ["escalated"] }),
    ]);
  });

  it("a closure the checklist would reopen stays closed, and nothing is said", () => {
    const issue = oldOutage({ labels: ["priority/P0"], state: "closed", history: [{ at: "2026-06-02T08:00:00Z", closed: "completed", by: TEAM }] });
    const plan = evaluate(issue, r, NOW);
    expect(kinds(plan).filter((k) => k !== "add-labels" && k !== "remove-labels" && k !== "set-priority")).toEqual([]);
  });

  it("never adds a label that would bring the issue into the scope, nor removes one that keeps it out", () => {
    const s = rules("scope: { labels: [needs-info], exclude-labels: [priority/P0], outside: quiet }");
    const plan = evaluate(oldOutage({ created: "2026-12-10T08:00:00Z", labels: ["priority/P0", "priority/P1"] }), s, NOW);
    expect(plan.scope).toBe("quiet");
    expect(plan.operations.flatMap((o) => (o.kind === "add-labels" ? o.labels : []))).not.toContain("needs-info");
    expect(plan.operations.flatMap((o) => (o.kind === "remove-labels" ? o.labels : []))).not.toContain("priority/P0");
  });
});
