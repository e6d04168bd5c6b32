/**
 * Linear-time text matching (RE2 semantics) for patterns from rule files, applied to untrusted
 * issue text: a crafted issue body can never make a rule hang.
 */
import { RE2JS } from "re2js";
import { nativeBranches } from "../text/native-pattern.ts";
import { literalPrefilter } from "../text/required-literals.ts";
import { findIn, type Found, scopedFind, scopedPrefilter } from "./scoped-matcher.ts";

/** A linear-time matcher (RE2 semantics) compiled from a rule file's pattern. */
export interface TextMatcher {
  source: string;
  test(text: string): boolean;
  /** The first text the pattern matches, for saying which words decided; absent on matchers that never match. */
  find?(text: string): string | undefined;
  /** Finding the first match costs no more than the test (one native pass, on all but texts with surrogates): a find that finds is a test that passes. */
  findIsTest?: boolean;
}

const cache = new Map<string, TextMatcher>();

/** A UTF-16 surrogate (half of an emoji, say). */
const SURROGATE = /[\uD800-\uDFFF]/;

/** Branches run by the automaton: whether they match, and their first match. */
interface Automaton {
  test: (text: string) => boolean;
  find: (text: string) => Found | undefined;
}

/** A compiled pattern's two answers. */
interface Run {
  test: (text: string) => boolean;
  find: (text: string) => string | undefined;
}

function automaton(source: string, re: RE2JS): Automaton {
  // Where a match is costs a slower pass than whether there is one: it is run on the lines
  // where the match can be, for most patterns.
  const find = scopedFind(source, re) ?? ((text: string) => findIn(re, text, 0));
  // Most texts hold none of the words every match needs: those are turned away without the scan.
  const prefilter = literalPrefilter(source) ?? scopedPrefilter(source);
  return { test: prefilter === undefined ? (text) => re.test(text) : (text) => prefilter(text) && re.test(text), find };
}

/**
 * The native branches first, the automaton for the others (`rest`): the first match is the one
 * that starts first; where both start at once, which branch the whole prefers, the whole says.
 */
function withNative(native: RegExp, rest: readonly string[], wholeFind: (text: string) => string | undefined): Run {
  if (rest.length === 0) return { test: (text) => native.test(text), find: (text) => native.exec(text)?.[0] };
  const others = automaton(rest.join("|"), RE2JS.compile(rest.join("|"), RE2JS.CASE_INSENSITIVE));
  return {
    test: (text) => native.test(text) || others.test(text),
    find: (text) => {
      const hit = native.exec(text);
      const found = others.find(text);
      if (hit === null || found === undefined) return hit?.[0] ?? found?.text;
      return hit.index < found.start ? hit[0] : found.start < hit.index ? found.text : wholeFind(text);
    },
  };
}

/**
 * Compile a pattern; case-insensitive unless the pattern says `(?-i)`. Returns the error text
 * (expected/found) when the pattern is not valid RE2 syntax.
 */
export function compileMatcher(source: string): TextMatcher | string {
  const cached = cache.get(source);
  if (cached) return cached;
  try {
    const re = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
    const wholeFind = (text: string): string | undefined => findIn(re, text, 0)?.text;
    const matcher: TextMatcher = { source, test: (text) => re.test(text), find: wholeFind };
    cache.set(source, matcher);
    // The branches the native engine runs as RE2 does, in bounded steps per character (most of a
    // rule file's), run natively, many times faster; the automaton runs only the others.
    const { native, rest, notOnSurrogates } = nativeBranches(source);
    const all = native === undefined || notOnSurrogates ? automaton(source, re) : undefined;
    const run = native === undefined ? undefined : withNative(native, rest, wholeFind);
    if (run === undefined || all !== undefined) {
      const slow = all as Automaton;
      // The native engine may try a match between the halves of a surrogate pair: not on such texts.
      matcher.test = run === undefined ? slow.test : (text) => (SURROGATE.test(text) ? slow.test(text) : run.test(text));
      matcher.find = run === undefined ? (text) => slow.find(text)?.text : (text) => (SURROGATE.test(text) ? slow.find(text)?.text : run.find(text));
    } else {
      matcher.test = run.test;
      matcher.find = run.find;
    }
    if (run !== undefined) matcher.findIsTest = rest.length === 0;
    return matcher;
  } catch (error) {
    const detail = error instanceof Error ? error.message.replace(/^error parsing regexp: /, "") : String(error);
    return `expected an RE2 regular expression (no look-around or back-references), found ${JSON.stringify(source)}: ${detail}`;
  }
}
