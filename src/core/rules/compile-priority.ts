/** The `priority:` section → levels in rank order (declaration order, highest first) and their look-ups. */
import { list, type CompileOutput, type DataPath, type RefChecks } from "./compile-context.ts";
import { compileMatrix } from "./compile-priority-matrix.ts";
import { compilePatterns } from "./compile-patterns.ts";
import { undeclaredName } from "./diagnostics.ts";
import { compileMatcher } from "./matcher.ts";
import type { PriorityLevelRule, Rules } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";
import type { TrackerRuleSettings } from "./tracker-rule-settings.ts";

type InferSpec = NonNullable<NonNullable<NonNullable<RuleFileOutput["priority"]>["levels"]>[string]["infer"]>;

/** A level's `infer`: the plain patterns (any one enough) and the entries needing several together. */
function compileInfer(infer: InferSpec | undefined, path: DataPath, out: CompileOutput): Pick<PriorityLevelRule, "infer" | "inferAny" | "inferAll"> {
  const entries = infer === undefined ? [] : Array.isArray(infer) ? infer : [infer];
  const many = Array.isArray(infer);
  const plain: PriorityLevelRule["infer"] = [];
  const inferAll: PriorityLevelRule["inferAll"] = [];
  entries.forEach((entry, i) => {
    const at = many ? [...path, i] : path;
    if (typeof entry === "string") {
      plain.push(...compilePatterns([entry], at, false, out));
      return;
    }
    const all = compilePatterns(list(entry.all), [...at, "all"], Array.isArray(entry.all), out);
    const not = compilePatterns(list(entry.not), [...at, "not"], Array.isArray(entry.not), out);
    if (list(entry.all).length === 0) out.problems.push({ path: [...at, "all"], message: "expected at least one RE2 pattern that must match, found none" });
    else inferAll.push({ all, not });
  });
  const any = plain.length === 0 ? undefined : compileMatcher(plain.map((m) => `(?:${m.source})`).join("|"));
  return { infer: plain, inferAny: typeof any === "string" ? undefined : any, inferAll };
}

/** The levels alone, and the check that a setting names one: other sections need them first. */
export function priorityLevels(
  spec: RuleFileOutput["priority"],
  condition: RefChecks["condition"],
  out: CompileOutput,
  trackers: readonly TrackerRuleSettings[],
): { levels: PriorityLevelRule[]; checkLevel: (name: string, path: DataPath) => void } {
  const levels: PriorityLevelRule[] = [];
  Object.entries(spec?.levels ?? {}).forEach(([name, level], rank) => {
    // The level's value in a tracker's own priority field, and in a priority issue field, as the trackers read their keys.
    const values = trackers.map((t) => t.level?.read(level as Readonly<Record<string, unknown>>) ?? {});
    levels.push({
      name,
      rank,
      label: level.label ?? `priority/${name}`,
      native: values.find((v) => v.native !== undefined)?.native,
      field: values.find((v) => v.field !== undefined)?.field,
      ...compileInfer(level.infer, ["priority", "levels", name, "infer"], out),
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
export function compilePriority(
  spec: RuleFileOutput["priority"],
  levels: PriorityLevelRule[],
  out: CompileOutput,
  check: Pick<RefChecks, "checkField" | "checkLevel">,
  trackers: readonly TrackerRuleSettings[],
): Rules["priority"] {
  const byName = new Map(levels.map((l) => [l.name, l]));
  const defaultLevel = spec?.default ?? levels[levels.length - 1]?.name ?? "P2";
  if (levels.length > 0 && !byName.has(defaultLevel)) {
    out.problems.push({ path: ["priority", "default"], message: undeclaredName("priority", defaultLevel, [...byName.keys()]), ref: { kind: "priority", name: defaultLevel } });
  }
  const matrix = spec?.matrix === undefined || spec.matrix === null ? undefined : compileMatrix(spec.matrix, check, out);
  return {
    levels,
    byName,
    byLabel: new Map(levels.map((l) => [l.label.toLowerCase(), l])),
    byNative: new Map(levels.flatMap((l) => (l.native ? [[l.native.toLowerCase(), l] as const] : []))),
    byField: new Map(levels.flatMap((l) => (l.field ? [[l.field.toLowerCase(), l] as const] : []))),
    default: defaultLevel,
    // Per tracker, by its name: the tracker field that holds priority, where its key names one.
    fields: Object.fromEntries(
      trackers.flatMap((t) => {
        const field = spec === undefined ? undefined : t.priority?.read(spec);
        return field === undefined ? [] : [[t.name, field]];
      }),
    ),
    ...(matrix === undefined ? {} : { matrix }),
  };
}
