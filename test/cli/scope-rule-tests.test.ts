/**
 * Rule tests of a team file with a scope (test/fixtures/scope), run as a team runs them:
 * `shepherd test` in a child process. Every case must pass, and a case that expects a comment on
 * an issue outside the scope must fail — so the cases do check the scope.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
const fixtures = fileURLToPath(new URL("../fixtures/scope/", import.meta.url));
const run = (path: string) => spawnSync(process.execPath, [bin, "test", path], { encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });

describe("rule tests of a scope", () => {
  it("pass: issues outside are left quiet, issues inside get the process", () => {
    const result = run(fixtures);
    expect(result.stderr).toBe("");
    expect(result.stdout).toContain("rule tests: 6 passed, 0 failed");
    expect(result.status).toBe(0);
  });

  it("fail when a case expects a comment on an old issue", () => {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-scope-tests-"));
    copyFileSync(join(fixtures, "adopted.yml"), join(dir, "adopted.yml"));
    const text = readFileSync(join(fixtures, "adopted.test.yml"), "utf8");
    // The old outage's case, now expecting the breach notice a governed issue would get.
    writeFileSync(join(dir, "adopted.test.yml"), text.replace("        - { kind: add-labels, labels: [needs-info] }\n      absent:", "        - { kind: comment, key: sla-breach/first-response/cycle-1 }\n      absent:"));
    const result = run(dir);
    expect(result.stdout).toContain("rule tests: 5 passed, 1 failed");
    expect(result.status).toBe(1);
  });
});
