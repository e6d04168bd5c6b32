/**
 * A pattern's first match looked for only on the lines where it can be is exactly the whole
 * pattern's on the whole text, on the preset's patterns and on random patterns (line breaks, `^`,
 * `$`, `\b`, classes with and without `\n`, plain words) over random multi-line texts. And it
 * does look on less: the branches' scopes are read as the tests expect. Its prefilter only ever
 * turns away texts the pattern cannot match.
 */
import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { compileMatcher } from "../../src/core/rules/matcher.ts";
import type { TextMatcher } from "../../src/core/rules/rules.ts";
import { scopedFind, scopedPrefilter } from "../../src/core/rules/scoped-matcher.ts";
import { patternBranches } from "../../src/core/text/pattern-branches.ts";
import { expectLinear, KB, repeatTo } from "./linear-time.ts";

const re2 = (pattern: string) => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);
const wholeFind = (re: RE2JS, text: string): string | undefined => {
  const m = re.matcher(text);
  return m.find() ? (m.group() ?? undefined) : undefined;
};

describe("where a pattern's branches can match", () => {
  it("reads lines, first lines and whole texts", () => {
    expect(patternBranches("outage|\\bapi\\b|[^.\\n]{0,25}x")?.map((b) => b.scope)).toEqual(["line", "line", "line"]);
    expect(patternBranches("^(how|what)\\b|^[^\\n]*[?？]\\n|typo")?.map((b) => b.scope)).toEqual(["first-line", "first-line", "line"]);
    expect(patternBranches("(?:^a|b)|(?:c)")?.map((b) => [b.source, b.scope])).toEqual([["^a", "first-line"], ["b", "line"], ["c", "line"]]);
    for (const pattern of ["a$", "a\\sb", "[^a]b", "a\\nb", "x(^a)", "a^", "\\Ab", "a\\pLb", "a\\Db", "(a\\n)b", "a[[:space:]]", "a\\n+", "a\\n\\b"]) {
      expect(patternBranches(pattern)?.[0]?.scope, pattern).toBe("text");
    }
    for (const pattern of ["(?i)a", "\\Qa|b\\E", "(?P<x>a)", "a)", "[a"]) expect(patternBranches(pattern), pattern).toBeUndefined();
  });

  it("turns away texts whose first line lacks what a `^` branch needs", () => {
    const prefilter = scopedPrefilter("^[^\\n]*[?？]\\n|^(how|what)\\b|typo");
    expect(prefilter?.("Export fails\nwhy? how?")).toBe(false);
    expect(prefilter?.("Export fails?\nbody")).toBe(true);
    expect(prefilter?.("导出失败？\nbody")).toBe(true);
    expect(prefilter?.("What now\nbody")).toBe(true);
    expect(prefilter?.("x\na TYPO")).toBe(true);
    expect(scopedPrefilter("^[^\\n]*\\n|typo")).toBeUndefined();
  });

  it("scopes nothing when no branch can be scoped", () => {
    expect(scopedFind("a\\sb|x$", re2("a\\sb|x$"))).toBeUndefined();
    expect(scopedFind("\\d+", re2("\\d+"))).toBeUndefined();
  });

  it("answers as the whole pattern on the preset's patterns", () => {
    const patterns = [
      "^(how|what|why|can (i|we|you))\\b|^[^\\n]*[?？]\\n|question|\\b(docs?|documentation)\\b[^.\\n]{0,40}\\b(wrong|missing)|吗[?？]",
      "\\b(all|every)\\b[^.\\n]{0,25}\\b(users?|customers?)\\b|everyone|\\b(whole|entire)\\b|所有",
      "fail|\\b(429|500|502)\\b|time[sd]? ?out|没有.{0,6}列|慢",
      "typo\\?\\n|^x\\n|dns",
    ];
    const texts = [
      "How do I export?\nbody",
      "Export fails?\nAll of the users cannot log in",
      "x\nwhat is this",
      "all\nusers",
      "EVERY one of our users\n",
      "The docs are\nwrong. The docs: missing",
      "HTTP 502\r\nok",
      "没有\n列",
      "没有导出列",
      "能导出吗？",
      "",
      "\n\n",
      "timeout",
      "a typo?\nb",
      "a typo?",
      "x\ntypo?\r\n",
      "x\nx\n",
    ];
    for (const pattern of patterns) {
      const whole = re2(pattern);
      const matcher = compileMatcher(pattern) as TextMatcher;
      for (const text of texts) {
        expect(matcher.test(text), `/${pattern}/ on ${JSON.stringify(text)}`).toBe(whole.test(text));
        expect(matcher.find?.(text), `/${pattern}/ on ${JSON.stringify(text)}`).toBe(wholeFind(whole, text));
      }
    }
  });

  it("answers as the whole pattern on random patterns and multi-line texts", () => {
    const CHARS = ["a", "b", "k", "K", "\u212A", "漏", " ", "-", ".", "?", "\n", "\n", "\r"];
    const atom = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("a", "b", "k", "漏", " ", "\\.", "\\?", "ab", "ba", "a\\n", "a\\?\\n") },
      { weight: 2, arbitrary: fc.constantFrom(".", "[ab]", "[^.\\n]", "[^\\n]", "[^a]", "\\n", "\\s", "\\S", "\\w", "\\W") },
      { weight: 1, arbitrary: fc.constantFrom("\\b", "\\B", "^", "$") },
    );
    const quantified = fc.tuple(atom, fc.constantFrom("", "", "", "?", "*", "+", "{0,3}", "??")).map(([a, q]) => (a === "^" || a === "$" || a === "\\b" || a === "\\B" ? a : a + q));
    const sequence = fc.array(quantified, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(""));
    const group = fc.array(sequence, { minLength: 1, maxLength: 3 }).map((branches) => `(?:${branches.join("|")})`);
    const branch = fc.oneof(sequence, group, fc.tuple(sequence, group).map(([s, g]) => s + g), fc.tuple(group, fc.constantFrom("?", "+", "*")).map(([g, q]) => g + q));
    const pattern = fc.array(branch, { minLength: 1, maxLength: 4 }).map((branches) => branches.join("|"));
    const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 24 }).map((parts) => parts.join(""));
    let scoped = 0;
    let filtered = 0;
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 6 }), (p, texts) => {
        const whole = re2(p);
        const prefilter = scopedPrefilter(p);
        if (prefilter !== undefined) {
          for (const t of texts) {
            if (prefilter(t)) continue;
            expect(whole.test(t), `/${p}/ on ${JSON.stringify(t)}`).toBe(false);
            filtered++;
          }
        }
        const find = scopedFind(p, whole);
        if (find === undefined) return;
        scoped++;
        for (const t of texts) expect(find(t)?.text, `/${p}/ on ${JSON.stringify(t)}`).toBe(wholeFind(whole, t));
      }),
      { numRuns: 4000 },
    );
    // Most random patterns have a branch to scope: a generator that never scoped would pass above.
    expect(scoped).toBeGreaterThan(1000);
    expect(filtered).toBeGreaterThan(300);
  });

  describe("stays linear on hostile text", () => {
    // Words on every line that never complete a match, one endless line of them, a huge first line.
    const pattern = "^(how|what)\\b[^\\n]*[?？]\\n|\\b(all|every)\\b[^.\\n]{0,25}\\b(users?|customers?)\\b|no (one|user) can|outage";
    const find = compileMatcher(pattern) as TextMatcher;
    // No word every match needs: the first line's question mark is looked for instead.
    const question = "^[^\\n]*[?？]\\n|typo|\\bmy\\b";
    const asks = compileMatcher(question) as TextMatcher;
    const bodies: Record<string, (n: number) => string> = {
      "a near miss on every line": (n) => repeatTo("all of the customer\n", n),
      "one line of near misses": (n) => repeatTo("every x customer no one ", n),
      "a first line that never ends": (n) => `how ${repeatTo("what ", n - 5)}?`,
      "words but no line break": (n) => repeatTo("users", n),
      "a question mark on a first line that never ends": (n) => `${repeatTo("my? ", n - 1)}\n`,
    };
    for (const [name, make] of Object.entries(bodies)) {
      it(name, () => {
        expectLinear(`find on ${name}`, make, (t) => find.find?.(t));
        expectLinear(`test on ${name}`, make, (t) => find.test(t));
        expectLinear(`test of the question on ${name}`, make, (t) => asks.test(t));
        expectLinear(`find of the question on ${name}`, make, (t) => asks.find?.(t));
        expect(find.find?.(make(KB))).toBe(wholeFind(re2(pattern), make(KB)));
      }, 120_000);
    }
  });
});
