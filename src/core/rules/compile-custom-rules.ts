/** The `rules:` section → the file's own rules: a condition, then actions in order. */
import { compileAction } from "./compile-action.ts";
import type { RefChecks } from "./compile-context.ts";
import type { CustomRule } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

export function compileCustomRules(spec: RuleFileOutput["rules"], check: RefChecks): CustomRule[] {
  return (spec ?? []).map((rule, i) => ({
    name: rule.name,
    description: rule.description,
    when: check.condition(rule.when, ["rules", i, "when"]),
    then: rule.then.map((a, j) => compileAction(a, rule.name, ["rules", i, "then", j], check)),
  }));
}
