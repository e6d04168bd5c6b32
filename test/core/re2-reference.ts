/**
 * RE2 (re2js) as the reference a rule pattern's matcher is held to: the pattern compiled as the
 * rules compile it (case-insensitive), its first match, and the check that a compiled matcher
 * answers `test` and `find` exactly as RE2 does on every text.
 */
import { RE2JS } from "re2js";
import { expect } from "vitest";
import { compileMatcher } from "../../src/core/rules/matcher.ts";
import type { TextMatcher } from "../../src/core/rules/rules.ts";

export const re2 = (pattern: string): RE2JS => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);

/** RE2's first match in `text` (an empty match is ""), or undefined for none. */
export function firstMatch(re: RE2JS, text: string): string | undefined {
  const m = re.matcher(text);
  return m.find() ? (m.group() ?? "") : undefined;
}

/** The matcher the rules compile for `pattern`. */
export const matcher = (pattern: string): TextMatcher => compileMatcher(pattern) as TextMatcher;

/** Both answers of the compiled matcher are RE2's on every text. */
export function expectSame(pattern: string, texts: readonly string[]): void {
  const whole = re2(pattern);
  const m = matcher(pattern);
  for (const text of texts) {
    expect(m.test(text), `test /${pattern}/ on ${JSON.stringify(text)}`).toBe(whole.test(text));
    expect(m.find?.(text), `find /${pattern}/ on ${JSON.stringify(text)}`).toBe(firstMatch(whole, text));
  }
}
