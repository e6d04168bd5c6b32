/** The `closure:` section → the checklist a completed issue must pass (none required: no check). */
import type { RefChecks } from "./compile-context.ts";
import type { Rules } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

export function compileClosure(spec: RuleFileOutput["closure"], check: Pick<RefChecks, "checkField" | "checkLevel">): Rules["closure"] {
  if (!spec || (spec.require ?? []).length === 0) return undefined;
  (spec.require ?? []).forEach((f, i) => check.checkField(f, ["closure", "require", i]));
  const onMissing = new Map<string, "reopen" | "label">();
  for (const [level, what] of Object.entries(spec["on-missing"] ?? {})) {
    check.checkLevel(level, ["closure", "on-missing", level]);
    onMissing.set(level, what);
  }
  return {
    require: spec.require ?? [],
    exempt: new Set(spec.exempt),
    onMissing,
    label: spec.label,
  };
}
