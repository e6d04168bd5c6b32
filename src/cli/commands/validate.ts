/**
 * `shepherd validate [PATH…]`: every problem of every file, located; exit 0 valid, 2 invalid.
 * Warnings are printed too (`file:line:col: warning: …`) and never change the exit code; a valid
 * file's line names the zone and calendars its clocks count on.
 */
import { existsSync, statSync } from "node:fs";
import { readRules, ruleFilesAt } from "../../config/read-rules.ts";
import { formatDiagnostic } from "../../core/rules/diagnostics.ts";
import { describeTimeSettings, timeSettings } from "../../core/text/format-instant.ts";
import { coloursFor, type CliIO } from "../io.ts";
import { DEFAULT_RULES } from "./test.ts";

export function runValidate(paths: readonly string[], io: CliIO): number {
  const c = coloursFor(io.stdout, io.env);
  const targets = paths.length > 0 ? paths : [DEFAULT_RULES];
  let problems = 0;
  for (const target of targets) {
    if (!existsSync(target)) {
      io.stderr.write(`${target}:1:1: expected a rule file or folder here, found nothing\n`);
      problems++;
      continue;
    }
    // A folder's files are each checked on their own; rule tests (*.test.yml) are not rule files.
    const files = statSync(target).isDirectory() ? ruleFilesAt(target).filter((f) => !/\.test\.ya?ml$/.test(f)) : [target];
    for (const file of files) {
      const result = readRules(file);
      for (const d of [...(result.warnings ?? []), ...result.diagnostics]) io.stderr.write(`${formatDiagnostic(d)}\n`);
      problems += result.diagnostics.length;
      const warnings = result.warnings?.length ?? 0;
      const warned = warnings > 0 ? ` ${c.yellow(`(${warnings} warning${warnings === 1 ? "" : "s"})`)}` : "";
      if (result.rules) io.stdout.write(`${c.green("✓")} ${file}${warned}: ${describeTimeSettings(timeSettings(result.rules))}\n`);
      else io.stdout.write(`${c.red("✗")} ${file}: ${result.diagnostics.length} problem(s)\n`);
    }
  }
  return problems > 0 ? 2 : 0;
}
