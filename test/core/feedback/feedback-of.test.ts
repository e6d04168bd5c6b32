/**
 * The survey's record as the periodic review reads it (`feedbackOf`): asked in which cycle, and
 * the reporter's latest answer by reaction, reply or field — and who is never asked, through
 * `evaluate` with the shipped preset.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../../src/core/evaluate.ts";
import { feedbackOf } from "../../../src/core/feedback/feedback-of.ts";
import type { Rules } from "../../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../../src/rule-tests/issue-from-spec.ts";
import type { IssueSpecInput } from "../../../src/rule-tests/test-file-schema.ts";
import { lines, load } from "../load-in-memory.ts";

function rules(...text: string[]): Rules {
  const { rules: r, messages } = load(lines("extends: support", ...text));
  if (!r) throw new Error(messages.join("\n"));
  return r;
}

const FORM = "### Impact scope\nOne team\n### Symptom and error message\nEmpty\n### Start time\n09:00\n### Steps to reproduce\nExport\n### Environment\nweb";
const RECORD = { author: { id: "li-wei", association: "MEMBER" }, at: "2026-03-11T09:29:00Z", body: "### Root cause\nA null.\n### Solution\nFixed.\n### Verification\nExported again." };
const SURVEY = { author: "github-actions[bot]", at: "2026-03-11T09:31:00Z", key: "feedback/survey/cycle-1", body: "Is the problem solved for you?" };
const NOW = Date.parse("2026-03-11T12:00:00Z");

function closed(extra: Partial<IssueSpecInput> = {}) {
  return issueFromSpec(
    { title: "Export fails", body: FORM, labels: ["priority/P2"], created: "2026-03-10T09:00:00Z", state: "closed", closed: "2026-03-11T09:30:00Z", comments: [RECORD], ...extra },
    0,
    "github-actions[bot]",
  );
}
const surveyAsked = (plan: ReturnType<typeof evaluate>) => plan.operations.some((op) => op.kind === "comment" && (op.keys ?? [op.key]).includes("feedback/survey/cycle-1"));

describe("feedbackOf", () => {
  const preset = rules();

  it("has no record before the survey is asked", () => {
    expect(feedbackOf(closed(), preset)).toEqual([]);
  });

  it("takes the reporter's latest answer: a 👎 after a 👍, a stranger's reaction not at all", () => {
    const issue = closed({
      comments: [
        RECORD,
        {
          ...SURVEY,
          reactions: [
            { content: "+1", by: "reporter", at: "2026-03-11T09:40:00Z" },
            { content: "heart", by: "stranger", at: "2026-03-11T09:50:00Z" },
            { content: "-1", by: "reporter", at: "2026-03-11T09:45:00Z" },
          ],
        },
      ],
    });
    expect(feedbackOf(issue, preset)).toEqual([{ cycle: 1, askedAt: Date.parse(SURVEY.at), survey: "1001", answer: { verdict: "negative", at: Date.parse("2026-03-11T09:45:00Z"), via: "reaction" } }]);
  });

  it("a reply after the reaction wins; a reply by someone else or before the survey is not an answer", () => {
    const issue = closed({
      comments: [
        { author: "reporter", at: "2026-03-11T09:00:00Z", body: "not satisfied" },
        RECORD,
        { ...SURVEY, reactions: [{ content: "-1", by: "reporter", at: "2026-03-11T09:40:00Z" }] },
        { author: "stranger", at: "2026-03-11T09:50:00Z", body: "not solved" },
        { author: "reporter", at: "2026-03-11T10:00:00Z", body: "Actually it works now\n5" },
      ],
    });
    expect(feedbackOf(issue, preset)[0]?.answer).toEqual({ verdict: "positive", score: 5, at: Date.parse("2026-03-11T10:00:00Z"), via: "reply", comment: "1004" });
    // A review of a period that ended before the reply counts the answer given by then.
    expect(feedbackOf(issue, preset, Date.parse("2026-03-11T09:59:00Z"))[0]?.answer).toMatchObject({ verdict: "negative", via: "reaction" });
    expect(feedbackOf(issue, preset, Date.parse("2026-03-11T09:35:00Z"))[0]?.answer).toBeUndefined();
  });

  it("trusts a survey key only on the tool's own comment", () => {
    const issue = closed({ comments: [RECORD, { author: "reporter", at: SURVEY.at, body: "<!-- issue-shepherd:feedback/survey/cycle-1 -->" }] });
    expect(feedbackOf(issue, preset)).toEqual([]);
  });

  it("reads a tracker's satisfaction field where the file maps one (a rating 1–5)", () => {
    const issue = closed({ tracker: "jira", fields: { Satisfaction: 2 }, comments: [RECORD, SURVEY] });
    const jsm = rules("fields:", "  satisfaction: { jira: { field: Satisfaction } }", "feedback: { field: satisfaction }");
    expect(feedbackOf(issue, jsm)[0]?.answer).toMatchObject({ verdict: "negative", score: 2, via: "field" });
    // Without the mapping the field is not read.
    expect(feedbackOf(issue, preset)[0]?.answer).toBeUndefined();
  });
});

describe("who is asked", () => {
  it("the reporter of a completed closure that passed the checklist", () => {
    expect(surveyAsked(evaluate(closed(), rules(), NOW))).toBe(true);
  });

  it("not outside the scope, neither left alone nor treated quietly", () => {
    for (const outside of ["ignore", "quiet"]) {
      const plan = evaluate(closed(), rules("scope:", "  since: 2026-03-11", `  outside: ${outside}`), NOW);
      expect(plan.scope).not.toBe("in");
      expect(surveyAsked(plan)).toBe(false);
    }
  });

  it("not when the file turns it off (feedback.ask: false), while answers already given still label", () => {
    const off = rules("feedback: { ask: false }");
    expect(surveyAsked(evaluate(closed(), off, NOW))).toBe(false);
    const answered = closed({ comments: [RECORD, { ...SURVEY, reactions: [{ content: "+1", by: "reporter" }] }] });
    expect(evaluate(answered, off, NOW).operations).toEqual([expect.objectContaining({ kind: "add-labels", labels: ["feedback/positive"] })]);
  });

  it("not when the preset's feedback section is removed (feedback: null)", () => {
    expect(surveyAsked(evaluate(closed(), rules("feedback: null"), NOW))).toBe(false);
  });
});

describe("feedback settings in the rule file", () => {
  it("are located diagnostics when wrong", () => {
    const { messages } = load(lines("extends: support", "feedback:", "  follow-up: 0m", "  mention: team-leed", "  field: satisfacton", "  calendar: busines"));
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:14: feedback.follow-up: expected a follow-up time above zero, e.g. 24h, found "0m"",
        "rules.yml:4:12: feedback.mention: expected a declared group (on-call, team-lead, support-manager), found "team-leed" — did you mean "team-lead"? (a person the groups do not list is written "@team-leed", in quotes)",
        "rules.yml:5:10: feedback.field: expected a declared field (impact, urgency, symptom, started, steps, environment, root-cause, solution, verification), found "satisfacton"; declare it under fields",
        "rules.yml:6:13: feedback.calendar: expected a declared calendar (24x7, business), found "busines" — did you mean "business"?",
      ]
    `);
    expect(load(lines("extends: support", "feedback:", "  labels: { positve: x }", "  reopen: sometimes")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:13: feedback.labels.positve: unknown key "positve" — did you mean "positive"? Expected one of: positive, negative.",
        "rules.yml:4:11: feedback.reopen: expected true or false, found "sometimes"",
      ]
    `);
  });
});
