/** The `priority:` section → levels in rank order (declaration order, highest first) and their look-ups. */
import { list, type CompileOutput, type DataPath, type RefChecks } from "./compile-context.ts";
import { compilePatterns } from "./compile-patterns.ts";
import { undeclaredName } from "./diagnostics.ts";
import { compileMatcher } from "./matcher.ts";
import type { PriorityLevelRule, Rules } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

/** The levels alone, and the check that a setting names one: other sections need them first. */
export function priorityLevels(
  spec: RuleFileOutput["priority"],
  condition: RefChecks["condition"],
  out: CompileOutput,
): { levels: PriorityLevelRule[]; checkLevel: (name: string, path: DataPath) => void } {
  const levels: PriorityLevelRule[] = [];
  Object.entries(spec?.levels ?? {}).forEach(([name, level], rank) => {
    const infer = level.infer;
    const inferMatchers = compilePatterns(list(infer), ["priority", "levels", name, "infer"], Array.isArray(infer), out);
    const any = inferMatchers.length === 0 ? undefined : compileMatcher(inferMatchers.map((m) => `(?:${m.source})`).join("|"));
    levels.push({
      name,
      rank,
      label: level.label ?? `priority/${name}`,
      native: level.jira,
      field: level.field,
      infer: inferMatchers,
      inferAny: typeof any === "string" ? undefined : any,
      when: condition(level.when, ["priority", "levels", name, "when"]),
    });
  });
  if (levels.length === 0) {
    out.problems.push({ path: ["priority", "levels"], message: "expected at least one priority level (e.g. extends: support), found none", ref: { kind: "priority" } });
  }
  const names = levels.map((l) => l.name);
  const declared = new Set(names);
  const checkLevel = (name: string, path: DataPath) => {
    if (!declared.has(name)) out.problems.push({ path, message: undeclaredName("priority", name, names), ref: { kind: "priority", name } });
  };
  return { levels, checkLevel };
}

/** The compiled `priority:` of the rules, from its levels. */
export function compilePriority(spec: RuleFileOutput["priority"], levels: PriorityLevelRule[], out: CompileOutput): Rules["priority"] {
  const byName = new Map(levels.map((l) => [l.name, l]));
  const defaultLevel = spec?.default ?? levels[levels.length - 1]?.name ?? "P2";
  if (levels.length > 0 && !byName.has(defaultLevel)) {
    out.problems.push({ path: ["priority", "default"], message: undeclaredName("priority", defaultLevel, [...byName.keys()]), ref: { kind: "priority", name: defaultLevel } });
  }
  return {
    levels,
    byName,
    byLabel: new Map(levels.map((l) => [l.label.toLowerCase(), l])),
    byNative: new Map(levels.flatMap((l) => (l.native ? [[l.native.toLowerCase(), l] as const] : []))),
    byField: new Map(levels.flatMap((l) => (l.field ? [[l.field.toLowerCase(), l] as const] : []))),
    default: defaultLevel,
    // The rule file's per-tracker key is the field source's id.
    fields: spec?.["github-field"] === undefined ? {} : { github: spec["github-field"] },
  };
}
