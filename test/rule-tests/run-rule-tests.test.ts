/**
 * Rule-test files: problems in them are located like rule diagnostics, and an expectation that
 * could never match (a misspelt operation kind or field, an unknown clock) is an error, not a
 * silent pass.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { presetDir, readRules } from "../../src/config/read-rules.ts";
import { formatDiagnostic } from "../../src/core/rules/diagnostics.ts";
import { runRuleTests } from "../../src/rule-tests/run-rule-tests.ts";

const support = () => readRules(join(presetDir() ?? "rules", "support.yml"));

function run(text: string) {
  const result = runRuleTests("team.test.yml", text, support);
  return { ...result, messages: result.diagnostics.map(formatDiagnostic) };
}

const HEAD = ["rules: support", "now: 2026-03-11T10:00:00+08:00", "cases:"];
const test = (...lines: string[]) => [...HEAD, ...lines, ""].join("\n");

describe("invalid test files", () => {
  it("an unknown operation kind in absent: is an error, not a pass", () => {
    const result = run(test(
      "  - name: outage",
      "    issue: { title: Checkout is down for all users, created: 2026-03-11T09:30:00+08:00 }",
      "    expect:",
      "      absent: [{ kind: reopn }]",
    ));
    expect(result.cases).toEqual([]);
    expect(result.messages).toMatchInlineSnapshot(`
      [
        "team.test.yml:7:24: cases[0].expect.absent[0].kind: expected an operation kind (add-labels, remove-labels, comment, edit-comment, assign, reopen, close, set-priority, set-field, transition, notify), found "reopn" — did you mean "reopen"?",
      ]
    `);
  });

  it("fields an operation of that kind does not have are errors", () => {
    const result = run(test(
      "  - name: outage",
      "    issue: { title: Checkout is down for all users, created: 2026-03-11T09:30:00+08:00 }",
      "    expect:",
      "      operations:",
      "        - { kind: add-labels, label: [sla/breached] }",
      "        - { labels: [x] }",
      "      absent:",
      "        - { kind: reopen, closeReason: completed }",
      "        - { kind: close, closeReason: wontfix }",
    ));
    expect(result.messages).toMatchInlineSnapshot(`
      [
        "team.test.yml:8:31: cases[0].expect.operations[0].label: unknown key "label" for kind add-labels — did you mean "labels"? Expected one of: kind, rule, reason, labels.",
        "team.test.yml:9:11: cases[0].expect.operations[1].kind: expected an operation kind (add-labels, remove-labels, comment, edit-comment, assign, reopen, close, set-priority, set-field, transition, notify), found nothing",
        "team.test.yml:11:27: cases[0].expect.absent[0].closeReason: unknown key "closeReason" for kind reopen. Expected one of: kind, rule, reason.",
        "team.test.yml:12:39: cases[0].expect.absent[1].closeReason: expected one of "completed", "not_planned", found "wontfix"",
      ]
    `);
  });

  it("wrong types, impossible dates and unknown keys say what was expected and what was found", () => {
    const result = run([
      "rules: support",
      "now: 2026-02-30T10:00:00+08:00",
      "cases:",
      "  - name: 5",
      "    issue:",
      "      title: Checkout is down",
      "      created: 2026-03-11T09:30:00",
      "      labels: x",
      "      author: 5",
      "      comments: [{ author: li-wei, at: 2026-03-11T09:40:00+08:00, body: ok, tema: true }]",
      "    expect:",
      "      clocks: { resolution: runing }",
      "",
    ].join("\n"));
    expect(result.messages).toMatchInlineSnapshot(`
      [
        "team.test.yml:2:6: now: expected a real date and time with a zone, like 2026-03-11T10:00:00+08:00, found "2026-02-30T10:00:00+08:00"",
        "team.test.yml:4:11: cases[0].name: expected a text, found 5",
        "team.test.yml:7:16: cases[0].issue.created: expected a real date and time with a zone, like 2026-03-11T10:00:00+08:00, found "2026-03-11T09:30:00"",
        "team.test.yml:8:15: cases[0].issue.labels: expected a list, found "x"",
        "team.test.yml:9:15: cases[0].issue.author: expected a text or a mapping, found 5",
        "team.test.yml:10:77: cases[0].issue.comments[0].tema: unknown key "tema" — did you mean "team"? Expected one of: author, team, at, body, internal, key, keys, reactions.",
        "team.test.yml:12:29: cases[0].expect.clocks.resolution: expected one of "running", "paused", "at-risk", "breached", "met", "not-applicable", found "runing" — did you mean "running"?",
      ]
    `);
  });

  it("priorities, categories and clocks must exist in the rules under test", () => {
    const result = run(test(
      "  - name: outage",
      "    issue: { title: Checkout is down for all users, created: 2026-03-11T09:30:00+08:00 }",
      "    expect:",
      "      priority: P7",
      "      category: netwrok",
      "      clocks: { first-respons: met }",
    ));
    expect(result.cases).toEqual([]);
    expect(result.messages).toMatchInlineSnapshot(`
      [
        "team.test.yml:7:17: cases[0].expect.priority: expected a priority level of the rules (P0, P1, P2, P3), found "P7"",
        "team.test.yml:8:17: cases[0].expect.category: expected a category of the rules (hardware, software, network, account, third-party), found "netwrok" — did you mean "network"?",
        "team.test.yml:9:17: cases[0].expect.clocks.first-respons: expected a clock of the rules (first-response, update, mitigation, resolution, feedback), found "first-respons" — did you mean "first-response"?",
      ]
    `);
  });

  it("not a mapping, YAML errors and no cases", () => {
    expect(run("- just a list\n").messages).toMatchInlineSnapshot(`
      [
        "team.test.yml:1:1: expected a mapping with rules, now and cases, found a list of 1",
      ]
    `);
    expect(run("rules: support\ncases: [\n").messages).toMatchInlineSnapshot(`
      [
        "team.test.yml:3:1: Flow sequence in block collection must be sufficiently indented and end with a ] (fix the YAML syntax here)",
      ]
    `);
    expect(run("rules: support\ncases: []\n").messages).toMatchInlineSnapshot(`
      [
        "team.test.yml:2:8: cases: expected at least 1 item(s), found a list of 0",
      ]
    `);
  });
});

describe("valid test files", () => {
  it("an absent operation that is planned fails the case; one that is not passes", () => {
    const result = run(test(
      "  - name: outage is P0 and not reopened",
      "    issue: { title: Checkout is down for all users, created: 2026-03-11T09:30:00+08:00, body: x }",
      "    expect:",
      "      priority: P0",
      "      clocks: { first-response: breached, update: not-applicable }",
      "      absent: [{ kind: reopen }, { kind: set-priority, priority: P0 }]",
    ));
    expect(result.diagnostics).toEqual([]);
    expect(result.cases.map((c) => [c.name, c.ok, c.failures])).toMatchInlineSnapshot(`
      [
        [
          "outage is P0 and not reopened",
          false,
          [
            "expected no operation like {"kind":"set-priority","priority":"P0"}, found {"kind":"set-priority","priority":"P0","labels":{"add":["priority/P0"],"remove":[]}}",
          ],
        ],
      ]
    `);
  });

  describe("a digest comment is matched as a whole (keys) or notice by notice (key)", () => {
    // Missing every field and P0 by its title: the intake notice, two breaches and the line on how the priority was set, one comment.
    const outage = [
      "    issue: { title: Checkout is down for all users, created: 2026-03-11T09:30:00+08:00, body: x }",
      "    expect:",
    ];
    const FR = "sla-breach/first-response/cycle-1";
    const MIT = "sla-breach/mitigation/cycle-1";
    it.each([
      ["key: names one notice of the digest", [`      operations: [{ kind: comment, key: ${MIT} }]`], true],
      ["keys: names the whole digest, in any order", [`      operations: [{ kind: comment, keys: [${MIT}, intake/missing, priority/footnote, ${FR}] }]`], true],
      ["keys: with one key missing does not match", [`      operations: [{ kind: comment, keys: [${MIT}, ${FR}] }]`], false],
      ["absent: a key the digest carries fails", [`      absent: [{ kind: comment, key: ${FR} }]`], false],
      [
        "only: every notice named one by one is the whole digest",
        ["      operations:", "        - { kind: set-priority }", "        - { kind: add-labels, labels: [needs-info] }", "        - { kind: add-labels, labels: [sla/breached] }", `        - { kind: comment, key: ${FR} }`, `        - { kind: comment, key: ${MIT} }`, "        - { kind: comment, key: intake/missing }", "        - { kind: comment, key: priority/footnote }", "      only: true"],
        true,
      ],
      [
        "only: a notice not named is unexpected",
        ["      operations:", "        - { kind: set-priority }", "        - { kind: add-labels, labels: [needs-info] }", "        - { kind: add-labels, labels: [sla/breached] }", `        - { kind: comment, key: ${FR} }`, "        - { kind: comment, key: intake/missing }", "      only: true"],
        false,
      ],
    ])("%s", (_name, expectation, ok) => {
      const result = run(test("  - name: outage", ...outage, ...expectation));
      expect(result.diagnostics).toEqual([]);
      expect(result.cases[0]?.plan?.operations.filter((op) => op.kind === "comment")).toHaveLength(1);
      expect(result.cases[0]?.ok, result.cases[0]?.failures.join("\n")).toBe(ok);
    });
  });
});
