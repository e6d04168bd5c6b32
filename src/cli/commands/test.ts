/**
 * `shepherd test [PATH…]`: run rule tests (`*.test.yml`; default .github/shepherd.test.yml);
 * exit 0 all pass, 1 failures, 2 invalid.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { presetDir, readRules, ruleFilesAt } from "../../config/read-rules.ts";
import { formatDiagnostic } from "../../core/rules/diagnostics.ts";
import { runRuleTests } from "../../rule-tests/run-rule-tests.ts";
import { coloursFor, type CliIO } from "../io.ts";

/** The rule file `validate` and the Action read when given none. */
export const DEFAULT_RULES = ".github/shepherd.yml";
/** The tests `shepherd test` runs when given none: those of the default rule file, beside it. */
export const DEFAULT_TESTS = ".github/shepherd.test.yml";

export function runTest(paths: readonly string[], io: CliIO): number {
  const c = coloursFor(io.stdout, io.env);
  const targets = paths.length > 0 ? paths : [DEFAULT_TESTS];
  const files: string[] = [];
  for (const target of targets) {
    if (!existsSync(target)) {
      const hint = paths.length > 0 ? "" : ` (the default: the tests of ${DEFAULT_RULES}, beside it); write it, or name the tests: shepherd test PATH…`;
      io.stderr.write(`${target}:1:1: expected a rule-test file or folder, found nothing${hint}\n`);
      return 2;
    }
    if (statSync(target).isDirectory()) files.push(...ruleFilesAt(target).filter((f) => /\.test\.ya?ml$/.test(f)));
    else files.push(target);
  }
  if (files.length === 0) {
    io.stderr.write(`shepherd test: no *.test.yml files in ${targets.join(", ")}\n`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  let invalid = false;
  for (const file of files) {
    const result = runRuleTests(file, readFileSync(file, "utf8"), (ref) => {
      const presets = presetDir();
      const isPreset = /^[\w-]+$/.test(ref) && presets !== undefined && existsSync(join(presets, `${ref}.yml`));
      return readRules(isPreset ? join(presets, `${ref}.yml`) : join(dirname(file), ref));
    });
    for (const d of result.diagnostics) io.stderr.write(`${formatDiagnostic(d)}\n`);
    if (result.diagnostics.length > 0) invalid = true;
    io.stdout.write(`${c.bold(file)}\n`);
    for (const r of result.cases) {
      if (r.ok) passed++;
      else failed++;
      io.stdout.write(`  ${r.ok ? c.green("✓") : c.red("✗")} ${r.name}\n`);
      for (const f of r.failures) io.stdout.write(`      ${c.red(f)}\n`);
    }
  }
  io.stdout.write(`\nrule tests: ${passed} passed, ${failed} failed\n`);
  if (invalid) return 2;
  return failed > 0 ? 1 : 0;
}
