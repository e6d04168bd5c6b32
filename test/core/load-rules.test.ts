import { describe, expect, it } from "vitest";
import { load } from "./load-in-memory.ts";

describe("loadRules", () => {
  it("accepts a file that only extends the preset", () => {
    const { rules, messages } = load("extends: support\n");
    expect(messages).toEqual([]);
    expect(rules?.priority.levels.map((l) => l.name)).toEqual(["P0", "P1", "P2", "P3"]);
    expect(rules?.sla.clocks.map((c) => c.name)).toEqual(["first-response", "update", "mitigation", "resolution", "feedback"]);
  });

  it("reports three independent mistakes at their lines and columns, and returns no rules", () => {
    const { rules, messages } = load(
      ["extends: support", "sla:", "  warn-at: 80", "intake:", "  requir: [impact]", "calendars:", "  business:", "    timezone: Europe/Londn", '    hours: { mon-fri: "09:00-17:30" }', ""].join("\n"),
    );
    expect(rules).toBeUndefined();
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:12: sla.warn-at: expected a percentage like 75%, found 80",
        "rules.yml:5:3: intake.requir: unknown key "requir" — did you mean "require"? Expected one of: require, label, when, similar-cases.",
        "rules.yml:8:15: calendars.business.timezone: expected an IANA time zone like Asia/Shanghai or Europe/London, found "Europe/Londn" (did you mean Europe/London?)",
      ]
    `);
  });

  it("reports bad regular expressions, unknown references and bad durations", () => {
    const { messages } = load(
      [
        "extends: support",
        "rules:",
        "  - name: a",
        "    when: { text: '(a+)+\\1' }",
        "    then: [{ label: x }]",
        "  - name: b",
        "    when: { field: { name: impct, present: false } }",
        "    then: [{ priority: P9 }]",
        "sla:",
        "  clocks:",
        "    resolution: { targets: { P2: 2 days } }",
        "",
      ].join("\n"),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:4:19: rules[0].when.text: expected an RE2 regular expression (no look-around or back-references), found "(a+)+\\\\1": invalid escape sequence: \`\\1\`",
        "rules.yml:7:28: rules[1].when.field.name: expected a declared field (impact, urgency, symptom, started, steps, environment, root-cause, solution, verification), found "impct" — did you mean "impact"?",
        "rules.yml:8:24: rules[1].then[0].priority: expected a declared priority (P0, P1, P2, P3), found "P9"; declare it under priority.levels",
        "rules.yml:11:34: sla.clocks.resolution.targets.P2: expected a duration like 15m, 4h, 1d or 3bd, found "2 days"",
      ]
    `);
  });

  it("reports unknown references once the schema is satisfied", () => {
    const { messages } = load(
      ["extends: support", "rules:", "  - name: b", "    when: { field: { name: impct, present: false } }", "    then: [{ priority: P9 }]", "escalation:", "  levels: [{ assign: on-call }]", "  root-cause: { field: cause }", ""].join("\n"),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:4:28: rules[0].when.field.name: expected a declared field (impact, urgency, symptom, started, steps, environment, root-cause, solution, verification), found "impct" — did you mean "impact"?",
        "rules.yml:5:24: rules[0].then[0].priority: expected a declared priority (P0, P1, P2, P3), found "P9"; declare it under priority.levels",
        "rules.yml:8:24: escalation.root-cause.field: expected a declared field (impact, urgency, symptom, started, steps, environment, root-cause, solution, verification), found "cause"; declare it under fields",
      ]
    `);
  });

  it("reports YAML syntax errors and a missing preset", () => {
    expect(load("extends: supprt\n").messages).toMatchInlineSnapshot(`
      [
        "rules.yml:1:10: extends: expected a preset name (support) or a path to a rule file, found "supprt"",
      ]
    `);
    expect(load("sla:\n  warn-at: [75%\n").messages[0]).toMatch(/^rules\.yml:\d+:\d+: .*fix the YAML syntax here/);
  });

  it("merges later files over earlier ones and own rules by name", () => {
    const { rules } = load("extends: [support, team.yml]\nlocale: zh\nrules:\n  - { name: r1, then: [{ label: b }] }\n", {
      "team.yml": "intake: { label: more-info }\nrules:\n  - { name: r1, then: [{ label: a }] }\n  - { name: r2, then: [{ label: c }] }\n",
    });
    expect(rules?.locale).toBe("zh");
    expect(rules?.intake?.label).toBe("more-info");
    expect(rules?.intake?.require).toHaveLength(5);
    expect(rules?.rules.map((r) => [r.name, r.then[0]])).toEqual([
      ["r1", { kind: "label", labels: ["b"] }],
      ["r2", { kind: "label", labels: ["c"] }],
    ]);
  });

  it("detects extends cycles", () => {
    const { messages } = load("extends: a.yml\n", { "a.yml": "extends: rules.yml\n" });
    expect(messages.join("\n")).toContain("expected no cycle of extends");
  });
});
