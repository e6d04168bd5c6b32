/** RE2 patterns of the rules (priority inference, category text) → matchers, each bad one reported. */
import type { CompileOutput, DataPath } from "./compile-context.ts";
import { compileMatcher, type TextMatcher } from "./matcher.ts";

/** `many`: the patterns were written as a list, so each problem points at its item. */
export function compilePatterns(patterns: string[], path: DataPath, many: boolean, out: CompileOutput): TextMatcher[] {
  return patterns.flatMap((p, i) => {
    const m = compileMatcher(p);
    if (typeof m === "string") {
      out.problems.push({ path: many ? [...path, i] : path, message: m });
      return [];
    }
    return [m];
  });
}
