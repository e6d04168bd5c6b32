/** Load rule text in memory, with the shipped preset under `extends: support`, for diagnostics tests. */
import { readFileSync } from "node:fs";
import { formatDiagnostic } from "../../src/core/rules/diagnostics.ts";
import { RULE_FORMAT } from "../../src/config/trackers.ts";
import { loadRules, type RuleSourceIO } from "../../src/core/rules/load-rules.ts";

const preset = readFileSync(new URL("../../rules/support.yml", import.meta.url), "utf8");

export function load(text: string, files: Record<string, string> = {}) {
  const all: Record<string, string> = { "rules.yml": text, "presets/support.yml": preset, ...files };
  const io: RuleSourceIO = {
    read: (p) => all[p],
    resolve: (ref) => (ref === "support" ? "presets/support.yml" : ref in all ? ref : /^[\w-]+$/.test(ref) ? undefined : ref),
  };
  const result = loadRules("rules.yml", io, RULE_FORMAT);
  return { rules: result.rules, messages: result.diagnostics.map(formatDiagnostic) };
}

/** Lines of a rule file. */
export const lines = (...text: string[]) => `${text.join("\n")}\n`;
