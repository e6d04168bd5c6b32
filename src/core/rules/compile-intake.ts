/** The `intake:` section → the information every report must carry (none required: no check). */
import type { RefChecks } from "./compile-context.ts";
import type { Rules } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

export function compileIntake(spec: RuleFileOutput["intake"], check: Pick<RefChecks, "checkField" | "condition">): Rules["intake"] {
  const intake =
    spec && (spec.require ?? []).length > 0
      ? { require: spec.require ?? [], label: spec.label, when: check.condition(spec.when, ["intake", "when"]) }
      : undefined;
  (spec?.require ?? []).forEach((f, i) => check.checkField(f, ["intake", "require", i]));
  return intake;
}
