/** The `categories:` section → categories in declaration order, each with its owning group. */
import { list, type CompileOutput } from "./compile-context.ts";
import { compilePatterns } from "./compile-patterns.ts";
import { undeclaredName } from "./diagnostics.ts";
import type { CategoryRule, GroupRule } from "./rules.ts";
import type { RuleFileOutput } from "./schema.ts";

export function compileCategories(spec: RuleFileOutput["categories"], groups: ReadonlyMap<string, GroupRule>, out: CompileOutput): CategoryRule[] {
  return Object.entries(spec ?? {}).map(([name, category]) => {
    if (category.group !== undefined && !groups.has(category.group)) {
      out.problems.push({
        path: ["categories", name, "group"],
        message: undeclaredName("group", category.group, [...groups.keys()]),
        ref: { kind: "group", name: category.group },
      });
    }
    const text = category.text === undefined ? undefined : compilePatterns([category.text], ["categories", name, "text"], false, out)[0];
    return { name, labels: list(category.labels), components: list(category.components), types: list(category.types), text, group: category.group };
  });
}
