/**
 * Whom rules name: a bare name in `assign:` / `mention:` is a declared group (or a person a group
 * already lists); anyone else is written "@login". A typo is a located diagnostic with the
 * closest declared name, never a mention of whoever owns that login.
 */
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { load, lines } from "./load-in-memory.ts";

const example = readFileSync(new URL("../../rules/example.yml", import.meta.url), "utf8");

describe("names of groups and people", () => {
  it("an escalation level that names an undeclared group is a diagnostic with the declared name", () => {
    const { rules, messages } = load(
      lines("extends: support", "escalation:", "  levels:", "    - { after: 0m, assign: on-call, mention: team-laed }", "    - { after: 1h, mention: [support-manager, supprt-manager] }"),
    );
    expect(rules).toBeUndefined();
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:4:46: escalation.levels[0].mention: expected a declared group (on-call, team-lead, support-manager), found "team-laed" — did you mean "team-lead"? (a person the groups do not list is written "@team-laed", in quotes)",
        "rules.yml:5:47: escalation.levels[1].mention[1]: expected a declared group (on-call, team-lead, support-manager), found "supprt-manager" — did you mean "support-manager"? (a person the groups do not list is written "@supprt-manager", in quotes)",
      ]
    `);
  });

  it("rule actions are checked the same way, and a bare login says how to name a person", () => {
    const { messages } = load(lines("extends: support", "rules:", "  - { name: r, then: [{ assign: [on-call, oncall] }, { mention: bob }] }"));
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:43: rules[0].then[0].assign[1]: expected a declared group (on-call, team-lead, support-manager), found "oncall" — did you mean "on-call"? (a person the groups do not list is written "@oncall", in quotes)",
        "rules.yml:3:65: rules[0].then[1].mention: expected a declared group (on-call, team-lead, support-manager), found "bob"; declare it under groups (a person the groups do not list is written "@bob", in quotes)",
      ]
    `);
  });

  it("a person is written @login, or by the bare name a group lists; both compile to the person's id", () => {
    const { rules, messages } = load(
      lines(
        "extends: support",
        "groups:",
        '  on-call: [li-wei, "@sam-ortiz"]',
        "escalation:",
        "  levels:",
        '    - { assign: li-wei, mention: [team-lead, "@vendor-support", sam-ortiz] }',
        "rules:",
        '  - { name: r, then: [{ mention: "@acme/security" }] }',
      ),
    );
    expect(messages).toEqual([]);
    expect(rules?.groups.get("on-call")?.members).toEqual([
      { github: "li-wei", jira: "li-wei" },
      { github: "sam-ortiz", jira: "sam-ortiz" },
    ]);
    expect(rules?.escalation.levels[0]).toMatchObject({ assign: ["li-wei"], mention: ["team-lead", "vendor-support", "sam-ortiz"] });
    expect(rules?.rules[0]?.then[0]).toMatchObject({ kind: "mention", targets: ["acme/security"] });
  });

  it("@ before a group's name, a lone @, an unquoted @login and a group named @x are diagnostics that say what to write", () => {
    expect(load(lines("extends: support", "escalation:", "  levels:", '    - { mention: ["@team-lead", "@"] }')).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:4:19: escalation.levels[0].mention[0]: expected a person, found "@team-lead", which is the name of a declared group; write team-lead (no @) for the group",
        "rules.yml:4:33: escalation.levels[0].mention[1]: expected a person after @ (e.g. "@li-wei"), found "@"",
      ]
    `);
    expect(load(lines("extends: support", "escalation:", "  levels:", "    - { mention: @li-wei }")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:4:18: expected a quoted text, found @li-wei unquoted (YAML reserves @ at the start of a value); write "@li-wei"",
      ]
    `);
    expect(load(lines("extends: support", "groups:", '  "@ops": [li-wei]')).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:3: groups.@ops: expected a group name without @ (@ marks a person), found "@ops"",
      ]
    `);
  });

  it("the preset's unfilled groups are declared but empty: extends: support alone is complete", () => {
    expect(load(lines("extends: support")).messages).toEqual([]);
    const { rules, messages } = load(lines("extends: support", "groups:", "  on-call: [li-wei]"));
    expect(messages).toEqual([]);
    expect(rules?.groups.get("support-manager")?.members).toEqual([]);
    expect(load(example).messages).toEqual([]);
  });

  it("a group removed with null that a level still names says which null removed it", () => {
    // The preset's line is left out: the preset may change around it.
    const { messages } = load(lines("extends: support", "groups:", "  support-manager: null"));
    expect(messages.map((m) => m.replace(/^presets\/support\.yml:\d+:\d+/, "presets/support.yml:…"))).toMatchInlineSnapshot(`
      [
        "presets/support.yml:…: escalation.levels[1].mention: expected a declared group (on-call, team-lead), found "support-manager"; declare it under groups (a person the groups do not list is written "@support-manager", in quotes) — removed by the null at rules.yml:3:3",
      ]
    `);
  });

  it("clock, field, category and group references get a did-you-mean like unknown keys", () => {
    const { messages } = load(
      lines(
        "extends: support",
        "categories:",
        "  network: { group: on-cal }",
        "closure:",
        "  require: [root-cause, soluton]",
        "escalation:",
        "  root-cause: { field: rootcause }",
        "rules:",
        "  - { name: r, when: { clock: { name: first-responce, state: breached } }, then: [{ label: late }] }",
        "  - { name: s, when: { category: netwrk }, then: [{ set-field: { name: enviroment, value: x } }] }",
      ),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:21: categories.network.group: expected a declared group (on-call, team-lead, support-manager), found "on-cal" — did you mean "on-call"?",
        "rules.yml:5:25: closure.require[1]: expected a declared field (impact, urgency, symptom, started, steps, environment, root-cause, solution, verification), found "soluton" — did you mean "solution"?",
        "rules.yml:7:24: escalation.root-cause.field: expected a declared field (impact, urgency, symptom, started, steps, environment, root-cause, solution, verification), found "rootcause" — did you mean "root-cause"?",
        "rules.yml:9:39: rules[0].when.clock.name: expected a declared clock (first-response, update, mitigation, resolution, feedback), found "first-responce" — did you mean "first-response"?",
        "rules.yml:10:34: rules[1].when.category: expected a declared category (hardware, software, network, account, third-party), found "netwrk" — did you mean "network"?",
        "rules.yml:10:72: rules[1].then[0].set-field.name: expected a declared field (impact, urgency, symptom, started, steps, environment, root-cause, solution, verification), found "enviroment" — did you mean "environment"?",
      ]
    `);
  });
});
