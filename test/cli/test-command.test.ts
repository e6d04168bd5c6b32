/** `shepherd test` as users run it (the real command in a child process): its default and paths. */
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const bin = fileURLToPath(new URL("../../bin/shepherd.js", import.meta.url));
const root = fileURLToPath(new URL("../..", import.meta.url));

function shepherd(cwd: string, args: string[]) {
  const run = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: "utf8", env: { PATH: process.env.PATH ?? "", NO_COLOR: "1" } });
  return { code: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** A repository laid out as the README's quick start has it: .github/shepherd.yml and its tests beside it. */
function repository(withTests: boolean): string {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-test-cmd-"));
  mkdirSync(join(dir, ".github"));
  writeFileSync(join(dir, ".github", "shepherd.yml"), "extends: support\n");
  if (withTests) {
    writeFileSync(
      join(dir, ".github", "shepherd.test.yml"),
      [
        "rules: shepherd.yml",
        "now: 2026-03-11T10:00:00+08:00",
        "cases:",
        "  - name: An outage is P0",
        "    issue: { title: Checkout is down for all users, created: 2026-03-11T09:30:00+08:00, body: x, labels: [] }",
        "    expect: { priority: P0 }",
        "",
      ].join("\n"),
    );
  }
  return dir;
}

describe("shepherd test", () => {
  it("with no path runs the tests beside the rules validate and the Action read: .github/shepherd.test.yml", () => {
    const dir = repository(true);
    expect(shepherd(dir, ["validate"]).code).toBe(0);
    const run = shepherd(dir, ["test"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toContain(".github/shepherd.test.yml\n  ✓ An outage is P0");
    expect(run.stdout).toContain("rule tests: 1 passed, 0 failed");
    expect(run.code).toBe(0);
  });

  it("with no path and no .github/shepherd.test.yml says which file it looked for and what to do, exit 2", () => {
    const run = shepherd(repository(false), ["test"]);
    expect(run.code).toBe(2);
    expect(run.stderr).toMatch(/^\.github\/shepherd\.test\.yml:1:1: expected a rule-test file .*found nothing/);
    expect(run.stderr).toContain("shepherd test PATH");
  });

  it("runs the shipped preset's tests when given their folder", () => {
    const run = shepherd(root, ["test", "rules/"]);
    expect(run.stderr).toBe("");
    expect(run.stdout).toMatch(/rule tests: [1-9]\d* passed, 0 failed/);
    expect(run.code).toBe(0);
  });
});
