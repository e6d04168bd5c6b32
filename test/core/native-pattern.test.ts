/**
 * A rule pattern run by the native engine answers as RE2 does, match for match: on the preset's
 * patterns over the bench's issues and texts with the characters where the engines could differ
 * (the Kelvin sign, the long s, `\r`, surrogates), on random patterns over random texts, and in
 * its case folding for every character. Patterns the native engine could be made to stall on,
 * or that it would answer differently, are left to the automaton; and the native matchers stay
 * linear on hostile text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateIssues } from "../../bench/generate-issues.ts";
import { readRules } from "../../src/config/read-rules.ts";
import { nativeBranches } from "../../src/core/text/native-pattern.ts";
import { expectLinear, repeatTo } from "./linear-time.ts";
import { expectSame, matcher, re2 } from "./re2-reference.ts";

describe("rule patterns run natively", () => {
  it("takes the preset's patterns natively, all or most of their branches", () => {
    const { rules } = readRules(new URL("../../rules/example.yml", import.meta.url).pathname);
    if (!rules) throw new Error("rules/example.yml does not load");
    const patterns = new Set<string>();
    for (const level of rules.priority.levels) {
      for (const m of level.infer) patterns.add(m.source);
      if (level.inferAny) patterns.add(level.inferAny.source);
      for (const entry of level.inferAll) for (const m of [...entry.all, ...entry.not]) patterns.add(m.source);
    }
    const issues = generateIssues(700, Date.parse("2026-03-11T10:00:00+08:00"));
    const texts = [
      ...new Set(issues.map((i) => `${i.title}\n${i.body}`)),
      "How do I export?\nbody",
      "All of our stores cannot pay\r\nsince 9:00",
      "aLL 3 \u212Aiosks: every ſhop is down",
      "every\u017Fhop",
      "all\u212A users",
      "12 of our 40 merchants can't log in",
      "30% of payments fail",
      "导出失败？\n部分门店无法收款",
      "文档里写错了吗？\n",
      "😀 all users 😀\ud800 down",
      "\ud83d all users",
    ];
    let native = 0;
    for (const pattern of patterns) {
      const { native: re, rest } = nativeBranches(pattern);
      if (re !== undefined) native++;
      // Only the branches that repeat a digit without bound inside a group are left to the automaton.
      for (const branch of rest) expect(branch, pattern).toMatch(/\\d\+/);
      expectSame(pattern, texts);
    }
    expect(native).toBe(patterns.size);
  });

  it("folds case as RE2 does, for every character", () => {
    const letters = re2("[a-z]");
    const native = nativeBranches("[a-z]").native as RegExp;
    for (let code = 0; code <= 0x10ffff; code += code < 0x30000 ? 1 : 0x101) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const c = String.fromCodePoint(code);
      expect(native.test(c), `U+${code.toString(16)}`).toBe(letters.test(c));
    }
    for (const [pattern, text] of [["k", "\u212A"], ["s", "\u017F"], ["\\bs", "\u017Fs"], ["\\bk", "\u212Ak"], ["[^k]", "\u212A"], ["[^a-z]x", "\u017Fx"]]) {
      expectSame(pattern as string, [text as string]);
    }
  });

  it("answers as RE2 on random patterns and texts", () => {
    const CHARS = ["a", "b", "k", "K", "\u212A", "s", "\u017F", "1", "2", "_", "%", "漏", "？", " ", "-", ".", "?", "\n", "\n", "\r", "😀", "\ud800"];
    const atom = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("a", "b", "k", "s", "1", "漏", " ", "%", "\\.", "\\?", "ab", "ba", "a\\n", "a\\?\\n", "sk") },
      { weight: 3, arbitrary: fc.constantFrom(".", "[ab]", "[^.\\n]", "[^\\n]", "[^a]", "[a-c]", "[k-t]", "[0-9]", "[?？]", "\\d", "\\D", "\\n", "[^ks]", "\\s", "\\w") },
      { weight: 1, arbitrary: fc.constantFrom("\\b", "\\B", "^", "$") },
    );
    const quantifier = fc.constantFrom("", "", "", "?", "*", "+", "{0,3}", "{2}", "{1,}", "??", "{0,2}?", "+?", "*?");
    const quantified = fc.tuple(atom, quantifier).map(([a, q]) => (a === "^" || a === "$" || a === "\\b" || a === "\\B" ? a : a + q));
    const sequence = fc.array(quantified, { minLength: 1, maxLength: 5 }).map((parts) => parts.join(""));
    const group = fc.array(sequence, { minLength: 1, maxLength: 3 }).map((branches) => `(?:${branches.join("|")})`);
    const branch = fc.oneof(
      sequence,
      group,
      fc.tuple(sequence, group).map(([s, g]) => s + g),
      fc.tuple(group, fc.constantFrom("?", "+", "*", "{0,2}")).map(([g, q]) => g + q),
      fc.tuple(fc.constantFrom("^", "\\b", ""), sequence).map(([a, s]) => a + s),
    );
    const pattern = fc.array(branch, { minLength: 1, maxLength: 4 }).map((branches) => branches.join("|"));
    const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 24 }).map((parts) => parts.join(""));
    let native = 0;
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 6 }), (p, texts) => {
        if (nativeBranches(p).native !== undefined) native++;
        expectSame(p, texts);
      }),
      { numRuns: 6000 },
    );
    // Most random patterns have branches the native engine runs: a translator that refused all would pass above.
    expect(native).toBeGreaterThan(2000);
  });

  it("leaves to the automaton what the native engine could stall on or answer differently", () => {
    for (const pattern of ["(a|a)*b", "a*a*b", "x[^\\n]*y", "(?:ab+)+c", "(a?)+", "(?:)*", "\\s", "\\w", "(?i)a", "(?-i)A", "é", "a\\x41", "\\pL", "[[:alpha:]]", "(?P<n>a)", "\\Qa\\E", "\\d+x\\d+", "[^\\n]{0,900}{0,900}", "(?:a{0,20}){0,20}b"]) {
      expect(nativeBranches(pattern).native, pattern).toBeUndefined();
    }
    // One unbounded repetition of one character, at an anchored branch's start or between characters it cannot repeat.
    for (const pattern of ["^[^\\n]*[?？]\\n", "\\b\\d+ (of (our|the) \\d+ )?(users|stores)\\b", "\\d+ ?% of", "\\d+ percent"]) {
      expect(nativeBranches(pattern).rest, pattern).toEqual([]);
    }
  });

  describe("stays linear on hostile text", () => {
    const cases: [string, string, (n: number) => string][] = [
      ["near misses of a bounded gap", "\\b(all|every)\\b[^.\\n]{0,25}\\b(users?|customers?|merchants?|stores?)\\b|everyone", (n) => repeatTo("all every all user", n)],
      ["a question mark never reached", "^[^\\n]*[?？]\\n|typo", (n) => repeatTo("what ", n)],
      ["runs of digits with no unit", "\\b\\d+ (of (our|the) \\d+ )?(users|stores)\\b|\\d+ ?% of|\\d+ percent", (n) => repeatTo("1234567890 of our 123456789 ", n)],
      ["one endless run of digits", "\\d+ ?% of|\\d+ percent", (n) => repeatTo("7", n)],
    ];
    for (const [name, pattern, make] of cases) {
      it(name, () => {
        const m = matcher(pattern);
        expect(nativeBranches(pattern).native).toBeDefined();
        expectLinear(`test on ${name}`, make, (t) => m.test(t));
        expectLinear(`find on ${name}`, make, (t) => m.find?.(t));
        expectSame(pattern, [make(4096)]);
      }, 120_000);
    }
  });
});
