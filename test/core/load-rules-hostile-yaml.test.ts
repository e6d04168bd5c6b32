/**
 * Rule and rule-test files the fuzz suite (test/fuzz) found crashing the loader, minimised: each
 * must end in located diagnostics, never a throw.
 */
import { describe, expect, it } from "vitest";
import { runRuleTests } from "../../src/rule-tests/run-rule-tests.ts";
import { formatDiagnostic } from "../../src/core/rules/diagnostics.ts";
import { load, lines } from "./load-in-memory.ts";

describe("loadRules: hostile YAML", () => {
  it("an alias inside the value it names (a cycle) is located, not followed forever", () => {
    expect(load(lines("extends: support", "categories:", "  account: &a { b: *a }")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:20: categories.account.b: expected an alias of a value it is not part of, found *a inside the &a it names (a copy of itself that never ends); use another anchor or write the value out",
      ]
    `);
  });

  it("keys named like Object properties (__proto__, constructor) are unknown keys", () => {
    expect(load(lines("__proto__:", '  "": null', "constructor: null", "groups: { toString: [a] }")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:1:1: __proto__: expected a name other than "__proto__" (it cannot be a key here), found "__proto__"; choose another name",
      ]
    `);
  });
});

describe("runRuleTests: hostile YAML", () => {
  const support = () => {
    const { rules } = load("extends: support\n");
    return rules === undefined ? { diagnostics: [] } : { rules, diagnostics: [] };
  };
  const messages = (text: string) => runRuleTests("team.test.yml", text, support).diagnostics.map(formatDiagnostic);

  it("an alias bomb is refused, located", () => {
    const bomb = ['a: &a ["x","x","x","x","x","x","x","x","x"]'];
    for (const name of "bcdefghi") bomb.push(`${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(name.charCodeAt(0) - 1)}`).join(",")}]`);
    expect(messages(lines(...bomb, "rules: support", "cases: []"))).toMatchInlineSnapshot(`
      [
        "team.test.yml:3:8: c[0]: expected aliases to make at most 100 copies in all, found *b multiplying copies beyond that (refused: this is how a YAML "billion laughs" attack works)",
      ]
    `);
  });

  it("an alias without its anchor and an alias in its own value are located", () => {
    expect(messages(lines("rules: *nothing", "cases: []"))).toMatchInlineSnapshot(`
      [
        "team.test.yml:1:8: rules: expected an alias of an anchor set above it, found *nothing with no &nothing before it",
      ]
    `);
    expect(messages(lines("rules: support", "cases: &c [*c]"))).toMatchInlineSnapshot(`
      [
        "team.test.yml:2:12: cases[0]: expected an alias of a value it is not part of, found *c inside the &c it names (a copy of itself that never ends); use another anchor or write the value out",
      ]
    `);
  });
});

describe("loadRules: YAML that has no plain value", () => {
  it("tagged timestamps, binary data and sets are located, not read as mappings", () => {
    expect(load(lines("extends: support", "priority:", "  levels:", "    P1: !!timestamp 2026-02-30", "    P2: !!binary aGVsbG8=", "groups: !!set { a, b }")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:4:21: priority.levels.P1: expected a text, number, true/false or null, found a !!timestamp value; remove the tag or quote the value",
        "rules.yml:5:18: priority.levels.P2: expected a text, number, true/false or null, found a !!binary value; remove the tag or quote the value",
        "rules.yml:6:15: groups: expected a plain list or mapping, found a !!set collection; remove the tag",
      ]
    `);
  });

  it("a list, mapping or alias as a key is located (and not stringified with a warning)", () => {
    expect(load(lines("extends: support", "groups:", "  ? [a, b]", "  : [x]", "  ? { c: 1 }", "  : [y]", "x: &k [k]", "categories: { *k : { labels: [z] } }")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:5: groups: expected a name as key, found a list or mapping; write the key as plain text",
        "rules.yml:5:5: groups: expected a name as key, found a list or mapping; write the key as plain text",
        "rules.yml:8:15: categories: expected a name as key, found the alias *k of a list or mapping; write the key as plain text",
      ]
    `);
    expect(load(lines("extends: support", "x: &k app-team", "groups: { *k : [z] }")).messages).not.toContainEqual(expect.stringContaining("as key"));
  });

  it("__proto__ as a declared name is refused where it is, instead of vanishing", () => {
    expect(load(lines("extends: support", "groups:", "  __proto__: [a]", "escalation:", "  levels: [{ after: 1h, mention: __proto__ }]")).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:3:3: groups.__proto__: expected a name other than "__proto__" (it cannot be a key here), found "__proto__"; choose another name",
      ]
    `);
  });

  it("names that are also Object properties (toString, constructor) are ordinary names", () => {
    const { rules, messages } = load(lines("extends: support", "priority:", "  levels:", "    toString: {}", "sla:", "  clocks:", "    constructor: { targets: { P0: 1h } }"));
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:7:18: sla.clocks.constructor: expected a kind (response, update, mitigation, resolution, feedback) for clock "constructor", found none",
      ]
    `);
    expect(rules).toBeUndefined();
  });
});

describe("loadRules: extends entries that name no file", () => {
  it("a blank entry is located in the file that has it", () => {
    expect(load(lines('extends: ["support", "", " "]')).messages).toMatchInlineSnapshot(`
      [
        "rules.yml:1:22: extends: expected a preset name (support) or a path to a rule file, found """,
        "rules.yml:1:26: extends: expected a preset name (support) or a path to a rule file, found " "",
      ]
    `);
  });
});
