/** Load rules for a command, printing diagnostics and warnings; undefined means "exit 2". */
import { readRules } from "../../config/read-rules.ts";
import { formatDiagnostic } from "../../core/rules/diagnostics.ts";
import type { Rules } from "../../core/rules/rules.ts";
import { UsageError, type CliIO } from "../io.ts";

export function loadRulesFor(path: string | undefined, io: CliIO, now?: number): Rules | undefined {
  if (path === undefined) throw new UsageError("missing --rules: expected a rule file or a folder of rule files");
  const result = readRules(path, now);
  // Warnings first: they stay on screen above the report, and never stop the command.
  for (const d of [...(result.warnings ?? []), ...result.diagnostics]) io.stderr.write(`${formatDiagnostic(d)}\n`);
  if (!result.rules) {
    io.stderr.write(`shepherd: ${result.diagnostics.length} problem(s) in the rules; nothing was read or written.\n`);
    return undefined;
  }
  return result.rules;
}
