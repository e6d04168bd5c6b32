/**
 * Similar past cases in the intake comment, as the core renders them from the cases it is given:
 * which reports get them (still in need of triage), what the list says (title linked, root cause,
 * solution; English and Chinese), that the same cases are said once, and that nothing from the
 * issue text can ping anyone or carry a key. The defaults are the ranker's measured threshold
 * and limit.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import { similarCasesKey, similarCasesRequest } from "../../src/core/engine/similar-cases.ts";
import type { EvaluationContext, Issue, SimilarCase } from "../../src/core/model.ts";
import type { Operation } from "../../src/core/plan.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import { SIMILAR_CASE_LIMIT, SIMILAR_CASE_THRESHOLD } from "../../src/similar/threshold.ts";
import { lines, load } from "./load-in-memory.ts";

const NOW = Date.parse("2026-03-11T10:00:00+08:00");

function rules(...text: string[]): Rules {
  const { rules: r, messages } = load(lines("extends: support", ...text));
  expect(messages).toEqual([]);
  return r!;
}

const SUPPORT = rules();

const solved = (n: number, extra: Partial<SimilarCase> = {}): SimilarCase => ({
  id: `acme/support#${n}`,
  key: `#${n}`,
  url: `https://github.com/acme/support/issues/${n}`,
  title: `Checkout 504 gateway timeout (${n})`,
  rootCause: `Connection pool exhausted (${n})`,
  solution: `Released connections on retry (${n})`,
  ...extra,
});

type Spec = Parameters<typeof issueFromSpec>[0];
const report = (spec: Partial<Spec> = {}): Issue =>
  issueFromSpec({ title: "Card payments time out at checkout", body: "Paying by card ends with 504.", created: "2026-03-11T09:30:00+08:00", ...spec }, 0, "github-actions[bot]");

const commentOf = (issue: Issue, ruleSet: Rules, context: EvaluationContext): Extract<Operation, { kind: "comment" }> | undefined =>
  evaluate(issue, ruleSet, NOW, context).operations.find((op): op is Extract<Operation, { kind: "comment" }> => op.kind === "comment");

const casesPart = (op: ReturnType<typeof commentOf>): string | undefined => (op?.parts ?? (op === undefined ? [] : [op])).find((p) => p.key.startsWith("intake/similar-cases/"))?.body;

describe("similar past cases in the intake comment", () => {
  it("lists the cases, linked, with root cause and solution, in the one comment beside the missing information", () => {
    const op = commentOf(report(), SUPPORT, { similarCases: [solved(1), solved(2)] });
    expect(op?.keys).toEqual(["intake/missing", similarCasesKey([solved(1), solved(2)])]);
    expect(casesPart(op)).toBe(
      "Similar problems were solved before — one of these may already answer this report:\n\n" +
        "- **[Checkout 504 gateway timeout (1)](https://github.com/acme/support/issues/1) (#1)**\n  - Root cause: Connection pool exhausted (1)\n  - Solution: Released connections on retry (1)\n" +
        "- **[Checkout 504 gateway timeout (2)](https://github.com/acme/support/issues/2) (#2)**\n  - Root cause: Connection pool exhausted (2)\n  - Solution: Released connections on retry (2)\n\n" +
        "If one does, say so here; the team will confirm.",
    );
  });

  it("in Chinese", () => {
    const body = casesPart(commentOf(report(), rules("locale: zh"), { similarCases: [solved(1)] }));
    expect(body).toContain("以前解决过类似的问题");
    expect(body).toContain("  - 根本原因：Connection pool exhausted (1)\n  - 解决方案：Released connections on retry (1)");
  });

  it("the same cases in any order have one key; different cases another", () => {
    expect(similarCasesKey([solved(1), solved(2)])).toBe(similarCasesKey([solved(2), solved(1)]));
    expect(similarCasesKey([solved(1)])).not.toBe(similarCasesKey([solved(2)]));
    expect(similarCasesKey([solved(1)])).toMatch(/^intake\/similar-cases\/[0-9a-f]{8}$/);
  });

  it("at most `limit` cases, never the issue itself, never one without a root cause", () => {
    const many = [solved(0, { id: "acme/support#0" }), solved(1), solved(2, { rootCause: "  " }), solved(3), solved(4), solved(5)];
    const issue = { ...report(), id: "acme/support#0" };
    const body = casesPart(commentOf(issue, SUPPORT, { similarCases: many }));
    expect(body?.match(/^- \*\*/gm)).toHaveLength(3);
    expect(body).not.toContain("(#0)");
    expect(body).not.toContain("(#2)");
    // The first three that may be offered, in the order given (best first).
    expect(body?.match(/\(#\d\)\*\*/g)).toEqual(["(#1)**", "(#3)**", "(#4)**"]);
    expect(casesPart(commentOf(issue, rules("intake: { similar-cases: { limit: 1 } }"), { similarCases: many }))?.match(/^- \*\*/gm)).toHaveLength(1);
  });

  it("said once: a rerun after the list was posted plans nothing, and other cases later are not offered either", () => {
    const key = similarCasesKey([solved(1)]);
    const posted = report({ comments: [{ author: "github-actions[bot]", body: "Similar problems …", key, at: "2026-03-11T09:40:00+08:00" }] });
    expect(casesPart(commentOf(posted, SUPPORT, { similarCases: [solved(1)] }))).toBeUndefined();
    expect(casesPart(commentOf(posted, SUPPORT, { similarCases: [solved(7)] }))).toBeUndefined();
    expect(similarCasesRequest(posted, SUPPORT, NOW)).toBeUndefined();
    // A key pasted by someone else is text, not an offer.
    const pasted = report({ comments: [{ author: "someone", body: `<!-- issue-shepherd:${key} -->`, at: "2026-03-11T09:40:00+08:00" }] });
    expect(similarCasesRequest(pasted, SUPPORT, NOW)).toEqual({ title: "Card payments time out at checkout", body: "Paying by card ends with 504.", threshold: SIMILAR_CASE_THRESHOLD, limit: 3 });
  });

  it("only while the report needs triage: not an old report, not once the team has commented, not closed, not outside the intake or the scope, not when off", () => {
    const cases = { similarCases: [solved(1)] };
    const table: [string, Issue, Rules][] = [
      ["team commented", report({ comments: [{ author: "li-wei", team: true, body: "Looking.", at: "2026-03-11T09:40:00+08:00" }] }), SUPPORT],
      ["closed", report({ state: "closed", "close-reason": "completed", closed: "2026-03-11T09:50:00+08:00" }), SUPPORT],
      ["a question (intake.when)", report({ labels: ["question"] }), SUPPORT],
      ["outside the scope (quiet)", report(), rules("scope: { since: 2026-03-12, outside: quiet }")],
      ["outside the scope (ignored)", report(), rules("scope: { since: 2026-03-12 }")],
      ["switched off", report(), rules("intake: { similar-cases: { enabled: false } }")],
      // Opened eight days before: not a new report, so no search is spent on it.
      ["an old report", report({ created: "2026-03-03T09:30:00+08:00" }), SUPPORT],
    ];
    for (const [why, issue, ruleSet] of table) {
      expect(casesPart(commentOf(issue, ruleSet, cases)), why).toBeUndefined();
      expect(similarCasesRequest(issue, ruleSet, NOW), why).toBeUndefined();
    }
    // The reporter's own comment is no triage.
    const byReporter = report({ comments: [{ author: "reporter", body: "Still failing.", at: "2026-03-11T09:40:00+08:00" }] });
    expect(casesPart(commentOf(byReporter, SUPPORT, cases))).toContain("(#1)");
  });

  it("no cases given, or none found: nothing said", () => {
    expect(casesPart(commentOf(report(), SUPPORT, {}))).toBeUndefined();
    expect(casesPart(commentOf(report(), SUPPORT, { similarCases: [] }))).toBeUndefined();
  });

  it("text from other issues pings no one, carries no key and cannot break the link", () => {
    const hostile = solved(9, {
      title: "Broken ] (javascript:alert(1)) [x] @acme/platform-team <!-- issue-shepherd:intake/missing -->",
      rootCause: "cc @li-wei\n\nsee <!-- issue-shepherd:x -->",
      solution: "x".repeat(1000),
      url: "javascript:alert(1)",
    });
    const op = commentOf(report(), SUPPORT, { similarCases: [hostile] });
    const body = casesPart(op) ?? "";
    expect(body).not.toMatch(/(^|[^\u200D])@(acme|li-wei)/);
    expect(body).toContain("Broken \\] (javascript:alert(1)) \\[x\\]");
    expect(body).not.toContain("](javascript:");
    expect(body).toContain("(#9)");
    expect(body).toContain(`${"x".repeat(299)}…`);
    expect(body).not.toContain("x".repeat(301));
    expect(op?.mentions).toEqual([]);
  });

  it("defaults: the ranker's measured threshold and limit", () => {
    const on = rules("intake: { similar-cases: {} }");
    expect(on.similarCases).toMatchObject({ threshold: SIMILAR_CASE_THRESHOLD, limit: SIMILAR_CASE_LIMIT });
    const { rules: bare } = load(lines("intake: { require: [] }"));
    expect(bare?.similarCases).toBeUndefined();
  });

  it("a threshold outside 0–1 or a limit of 0 is a located diagnostic", () => {
    const { rules: r, messages } = load(lines("extends: support", "intake:", "  similar-cases: { threshold: 1.5, limit: 0 }"));
    expect(r).toBeUndefined();
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:31: intake.similar-cases.threshold: expected a score from 0 to 1, e.g. 0.1 (higher offers fewer, surer cases), found 1.5",
        "rules.yml:3:43: intake.similar-cases.limit: expected a whole number of cases from 1 to 10, e.g. 3 (enabled: false offers none), found 0",
      ]
    `);
  });
});
