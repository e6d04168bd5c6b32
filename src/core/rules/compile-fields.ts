/** The `fields:` section → named fields, with where each tracker keeps the answer. */
import { list, type CompileOutput, type DataPath } from "./compile-context.ts";
import { undeclaredName } from "./diagnostics.ts";
import type { FieldRule, Locale } from "./rules.ts";
import type { LocalTextInput, RuleFileOutput } from "./schema.ts";

/** A text per locale: one text for all, or the other locale's where one is missing. */
export function localText(value: LocalTextInput | undefined, fallback: string): Record<Locale, string> {
  if (value === undefined) return { en: fallback, zh: fallback };
  if (typeof value === "string") return { en: value, zh: value };
  const en = value.en ?? value.zh ?? fallback;
  return { en, zh: value.zh ?? en };
}

export function compileFields(spec: RuleFileOutput["fields"]): Map<string, FieldRule> {
  const fields = new Map<string, FieldRule>();
  for (const [name, field] of Object.entries(spec ?? {})) {
    fields.set(name, {
      name,
      title: localText(field.title, name),
      // The rule file's per-tracker keys are the field sources' ids.
      sources: {
        github: { sections: list(field.github?.section), fields: list(field.github?.field) },
        jira: { sections: list(field.jira?.section ?? field.github?.section), fields: list(field.jira?.field) },
      },
      checklist: list(field.github?.checklist),
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
