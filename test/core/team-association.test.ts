/**
 * Who is team by the tracker's association, however the tracker spells it: the rules list
 * `MEMBER`, a comment's author may come as `MEMBER`, `member` or `Member`, and the answer is
 * remembered per spelling for the rules, never for another rule file.
 */
import { describe, expect, it } from "vitest";
import { createFacts } from "../../src/core/engine/facts.ts";
import type { Issue, Person } from "../../src/core/model.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import { lines, load } from "./load-in-memory.ts";

function rules(...text: string[]): Rules {
  const { rules: r, messages } = load(lines(...text));
  if (!r) throw new Error(messages.join("\n"));
  return r;
}

const issue: Issue = issueFromSpec({ title: "Checkout fails", body: "x", created: "2026-03-11T06:00:00+08:00" }, 0);
const person = (association: string): Person => ({ id: "someone", association });

describe("team by association", () => {
  it("counts an association in any case, and only the listed ones", () => {
    const facts = createFacts(issue, rules("extends: support"), Date.parse("2026-03-11T08:00:00+08:00"), {});
    expect(["MEMBER", "member", "Member", "member"].map((a) => facts.roleOf(person(a)))).toEqual(["team", "team", "team", "team"]);
    expect(["NONE", "contributor", "none"].map((a) => facts.roleOf(person(a)))).toEqual(["other", "other", "other"]);
  });

  it("answers each rule file by its own list", () => {
    const now = Date.parse("2026-03-11T08:00:00+08:00");
    const preset = createFacts(issue, rules("extends: support"), now, {});
    const own = createFacts(issue, rules("extends: support", "team: { associations: [CONTRIBUTOR] }"), now, {});
    expect(preset.roleOf(person("contributor"))).toBe("other");
    expect(own.roleOf(person("contributor"))).toBe("team");
    // Asked again after the other file answered: still by the preset's own list.
    expect(preset.roleOf(person("Contributor"))).toBe("other");
    expect(preset.roleOf(person("contributor"))).toBe("other");
  });
});
