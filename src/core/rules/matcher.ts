/**
 * Linear-time text matching (RE2 semantics) for patterns from rule files, applied to untrusted
 * issue text: a crafted issue body can never make a rule hang.
 */
import { RE2JS } from "re2js";
import { literalPrefilter } from "../text/required-literals.ts";
import { scopedFind, scopedPrefilter } from "./scoped-matcher.ts";

/** A linear-time matcher (RE2 semantics) compiled from a rule file's pattern. */
export interface TextMatcher {
  source: string;
  test(text: string): boolean;
  /** The first text the pattern matches, for saying which words decided; absent on matchers that never match. */
  find?(text: string): string | undefined;
}

const cache = new Map<string, TextMatcher>();

/**
 * Compile a pattern; case-insensitive unless the pattern says `(?-i)`. Returns the error text
 * (expected/found) when the pattern is not valid RE2 syntax.
 */
export function compileMatcher(source: string): TextMatcher | string {
  const cached = cache.get(source);
  if (cached) return cached;
  try {
    const re = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    const matcher: TextMatcher = {
      source,
      test: (text) => re.test(text),
      find: (text) => {
        const m = re.matcher(text);
        return m.find() ? (m.group() ?? undefined) : undefined;
      },
    };
    cache.set(source, matcher);
    // Where a match is costs a slower pass than whether there is one: it is run on the lines
    // where the match can be, for most patterns.
    const find = scopedFind(source, re);
    if (find !== undefined) matcher.find = find;
    // Most texts hold none of the words every match needs: those are turned away without the scan.
    const prefilter = literalPrefilter(source) ?? scopedPrefilter(source);
    if (prefilter !== undefined) matcher.test = (text) => prefilter(text) && re.test(text);
    return matcher;
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, "") : String(error);
    return `expected an RE2 regular expression (no look-around or back-references), found ${JSON.stringify(source)}: ${detail}`;
  }
}
