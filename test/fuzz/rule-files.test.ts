/**
 * Fuzz: hostile rule files and rule-test files, loaded in process. Whatever the text, loading
 * returns located diagnostics or rules (never throws), and rules that load evaluate the issues
 * of a small snapshot without throwing.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { evaluate } from "../../src/core/evaluate.ts";
import type { Issue } from "../../src/core/model.ts";
import { formatDiagnostic } from "../../src/core/rules/diagnostics.ts";
import { RULE_FORMAT } from "../../src/config/trackers.ts";
import { loadRules, type LoadResult, type RuleSourceIO } from "../../src/core/rules/load-rules.ts";
import { openSnapshotTracker } from "../../src/cli/open-snapshot.ts";
import { runRuleTests } from "../../src/rule-tests/run-rule-tests.ts";
import { fuzzParameters, fuzzTimeout } from "./fuzz-settings.ts";
import { hostileRuleText, mutatedText } from "./mutate-yaml.ts";

const read = (path: string) => readFileSync(new URL(`../../${path}`, import.meta.url), "utf8");
const PRESET = read("rules/support.yml");
const SEEDS = [PRESET, read("rules/example.yml"), read("test/fakes/jira/rules.yml")];
const RULE_TESTS = read("rules/support.test.yml");
const NOW = Date.parse("2026-03-11T02:00:00Z");

/** Load `text` as rules.yml, with `preset` as the shipped `support` preset. */
function loadText(text: string, preset = PRESET): LoadResult {
  const files: Record<string, string> = { "rules.yml": text, "presets/support.yml": preset };
  const io: RuleSourceIO = {
    read: (p) => files[p],
    resolve: (ref) => (ref === "support" ? "presets/support.yml" : ref in files ? ref : /^[\w-]+$/.test(ref) ? undefined : ref),
  };
  return loadRules("rules.yml", io, RULE_FORMAT);
}

/** What every answer of the loader must look like: rules, or located diagnostics saying what is wrong. */
function checkShape(result: LoadResult, files: readonly string[]): void {
  if (result.rules === undefined) expect(result.diagnostics.length).toBeGreaterThan(0);
  for (const d of result.diagnostics) {
    // A file named by `extends:` that does not exist is reported under its own name.
    expect(files.includes(d.file) || d.message.includes("no such file"), formatDiagnostic(d)).toBe(true);
    expect(Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.col) && d.col >= 1, formatDiagnostic(d)).toBe(true);
    expect(d.message.length, formatDiagnostic(d)).toBeGreaterThan(0);
    expect(formatDiagnostic(d)).toMatch(/^[^\n]+:\d+:\d+: /);
    expect(d.message, formatDiagnostic(d)).not.toMatch(/\[object Object\]|found undefined|function \w*\(/);
  }
}

let issues: Issue[] = [];

beforeAll(async () => {
  for (const name of ["github-small.json", "jira-small.json"]) {
    const tracker = await openSnapshotTracker(new URL(`../fixtures/snapshots/${name}`, import.meta.url).pathname, { botLogins: ["shepherd-bot"], now: () => NOW });
    for await (const issue of tracker.listIssues({ closedSince: 0 })) issues.push(issue);
    await tracker.close();
  }
  issues = issues.slice(0, 6);
});

describe("fuzz: rule files in process", () => {
  it("a mutated, retyped or random rule file gives rules or located diagnostics, and loaded rules evaluate", () => {
    let loaded = 0;
    fc.assert(
      fc.property(hostileRuleText(SEEDS), (text) => {
        const result = loadText(text);
        checkShape(result, ["rules.yml", "presets/support.yml"]);
        if (result.rules === undefined) return;
        loaded++;
        for (const issue of issues) evaluate(issue, result.rules, NOW);
      }),
      fuzzParameters(300, 0x5e9d01),
    );
    // The mutations must leave some files valid, or evaluation would never be exercised.
    expect(loaded).toBeGreaterThan(10);
  }, fuzzTimeout(20_000));

  it("a mutated preset under a team file gives rules or located diagnostics", () => {
    fc.assert(
      fc.property(mutatedText([PRESET]), fc.constantFrom(...SEEDS.slice(1)), (preset, team) => {
        checkShape(loadText(team, preset), ["rules.yml", "presets/support.yml"]);
      }),
      fuzzParameters(100, 0x5e9d02),
    );
  }, fuzzTimeout(10_000));

  it("a mutated rule-test file gives results or located diagnostics", () => {
    const preset = loadText("extends: support\n");
    const support = () => preset;
    fc.assert(
      fc.property(mutatedText([RULE_TESTS]), (text) => {
        const result = runRuleTests("team.test.yml", text, support);
        for (const d of result.diagnostics) {
          expect(formatDiagnostic(d)).toMatch(/^team\.test\.yml:\d+:\d+: /);
          expect(d.message, formatDiagnostic(d)).not.toMatch(/\[object Object\]|found undefined|function \w*\(/);
        }
      }),
      fuzzParameters(100, 0x5e9d03),
    );
  }, fuzzTimeout(10_000));
});
