/**
 * The missing-information notice tells people where the answer goes: on GitHub the issue
 * description's sections, on Jira the fields the rules map (named as the rules name them), and
 * both when some fields have a tracker field and some do not. A team's own wording of the notice
 * (`messages: intake.missing`) is kept on every tracker.
 */
import { describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import { lines, load } from "./load-in-memory.ts";

const NOW = Date.parse("2026-03-11T10:00:00+08:00");

function rules(...text: string[]): Rules {
  const { rules: r, messages } = load(lines("extends: support", ...text));
  expect(messages).toEqual([]);
  return r!;
}

function intakeText(tracker: "github" | "jira", ruleSet: Rules): string {
  const issue = issueFromSpec({ tracker, title: "Export fails", body: "It is broken.", created: "2026-03-11T09:30:00+08:00" }, 0);
  const op = evaluate(issue, ruleSet, NOW).operations.find((o) => o.kind === "comment");
  const part = op?.kind === "comment" ? (op.parts?.find((p) => p.key === "intake/missing")?.body ?? op.body) : "";
  return part;
}

describe("where the missing information goes", () => {
  it("GitHub: the issue description", () => {
    const text = intakeText("github", rules());
    expect(text).toContain("edit the issue description");
    expect(text).toContain("- [ ] Impact scope\n");
    expect(text).not.toContain("field");
  });

  it("Jira: the fields the rules map, by the names the rules give", () => {
    const text = intakeText("jira", rules());
    expect(text).not.toContain("description —");
    expect(text).not.toContain("edit the issue description");
    expect(text).toContain("fill in those fields of the issue");
    expect(text).toContain("- [ ] Impact scope (the **Impact** field)");
    expect(text).toContain("- [ ] Symptom and error message (the **Description** field)");
  });

  it("Jira in Chinese", () => {
    const text = intakeText("jira", rules("locale: zh"));
    expect(text).toContain("- [ ] 影响范围（字段 **Impact**）");
    expect(text).toContain("请在问题中填写这些字段");
  });

  it("Jira, some fields without a Jira field: the fields and the description", () => {
    const text = intakeText("jira", rules("fields:", "  tenant: { title: { en: Tenant }, jira: { section: [Tenant] } }", "intake: { require: [tenant, environment] }"));
    expect(text).toContain("- [ ] Tenant\n");
    expect(text).toContain("- [ ] Environment (the **Environment** field)");
    expect(text).toContain("fill in the fields named above and add the others to the issue description");
  });

  it("a team's own wording of the notice is used on Jira too", () => {
    const own = rules("messages:", '  intake.missing: { en: "We need: {missing}" }');
    expect(intakeText("jira", own)).toMatch(/^We need: - \[ \] Impact scope \(the \*\*Impact\*\* field\)/);
    expect(intakeText("github", own)).toMatch(/^We need: - \[ \] Impact scope\n/);
  });
});
