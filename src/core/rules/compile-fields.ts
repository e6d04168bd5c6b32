/** The `fields:` section → named fields, with where each tracker keeps the answer. */
import type { CompileOutput, DataPath } from "./compile-context.ts";
import { undeclaredName } from "./diagnostics.ts";
import type { FieldRule, Locale } from "./rules.ts";
import type { LocalTextInput, RuleFileOutput } from "./schema.ts";
import type { TrackerRuleSettings } from "./tracker-rule-settings.ts";

/** A text per locale: one text for all, or the other locale's where one is missing. */
export function localText(value: LocalTextInput | undefined, fallback: string): Record<Locale, string> {
  if (value === undefined) return { en: fallback, zh: fallback };
  if (typeof value === "string") return { en: value, zh: value };
  const en = value.en ?? value.zh ?? fallback;
  return { en, zh: value.zh ?? en };
}

/**
 * Named fields, with where each tracker keeps the answer: each tracker reads its own key of the
 * field (its name, the field source's id). A tracker that shares headings and names none of its
 * own reads those of the first tracker's key that names some.
 */
export function compileFields(spec: RuleFileOutput["fields"], trackers: readonly TrackerRuleSettings[]): Map<string, FieldRule> {
  const fields = new Map<string, FieldRule>();
  for (const [name, field] of Object.entries(spec ?? {})) {
    const keys = field as Readonly<Record<string, unknown>>;
    const located = trackers.map((t) => ({ tracker: t, at: t.field.read(keys[t.name]) }));
    const shared = located.find((l) => l.at.sections !== undefined)?.at.sections;
    fields.set(name, {
      name,
      title: localText(field.title, name),
      sources: Object.fromEntries(
        located.map(({ tracker, at }) => [tracker.name, { sections: at.sections ?? (tracker.field.sharesSections === true ? (shared ?? []) : []), fields: at.fields }]),
      ),
      checklist: located.flatMap((l) => l.at.checklist ?? []),
      inComments: field["in-comments"],
    });
  }
  return fields;
}

/** The check that a setting names a declared field. */
export function fieldCheck(fields: ReadonlyMap<string, FieldRule>, out: CompileOutput): (name: string, path: DataPath) => void {
  return (name, path) => {
    if (!fields.has(name)) out.problems.push({ path, message: undeclaredName("field", name, [...fields.keys()]), ref: { kind: "field", name } });
  };
}
