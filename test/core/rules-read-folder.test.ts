import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import { formatDiagnostic } from "../../src/core/rules/diagnostics.ts";

const dirs: string[] = [];
function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-rules-"));
  dirs.push(dir);
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

// A rule test: valid YAML, but no rule file (unknown sections everywhere).
const RULE_TEST = "rules: team.yml\ntests:\n  - name: a P0 gets a clock\n    issue: { title: outage }\n    now: 2026-03-11T10:00:00+08:00\n    expect: []\n";

describe("readRules on a folder", () => {
  it("leaves out the rule tests (*.test.yml, *.test.yaml) next to the rule files", () => {
    const dir = folder({
      "team.yml": "extends: support\ngroups: { on-call: [li-wei] }\n",
      "team.test.yml": RULE_TEST,
      "more.test.yaml": RULE_TEST,
    });
    const { rules, diagnostics } = readRules(dir);
    expect(diagnostics.map(formatDiagnostic)).toEqual([]);
    expect(rules?.groups.get("on-call")?.members).toEqual([{ github: "li-wei", jira: "li-wei" }]);
  });

  it("says so when a folder holds only rule tests", () => {
    const dir = folder({ "team.test.yml": RULE_TEST });
    const { diagnostics } = readRules(dir);
    expect(diagnostics.map((d) => d.message)).toMatchInlineSnapshot(`
      [
        "expected rule files (*.yml, not *.test.yml) in this folder, found none",
      ]
    `);
  });
});
