/**
 * The words a pattern requires are a necessary condition: whenever RE2 (case-insensitive, as rule
 * patterns are compiled) finds a match, the native search for the words finds one too — on the
 * preset's patterns, on random patterns over random texts, and for every character whose case
 * variants matter.
 */
import fc from "fast-check";
import { RE2JS } from "re2js";
import { describe, expect, it } from "vitest";
import { literalPrefilter, requiredLiteralSets, requiredLiterals } from "../../src/core/text/required-literals.ts";

const re2 = (pattern: string) => RE2JS.compile(pattern, RE2JS.CASE_INSENSITIVE);

describe("the words a pattern requires", () => {
  it("reads them from alternations, groups, optional and repeated parts", () => {
    expect(requiredLiterals("vulnerability|exploit|漏洞")).toEqual(["vulnerability", "exploit", "漏洞"]);
    expect(requiredLiterals("(?:is|are|went) down|data loss")).toEqual([" down", "data loss"]);
    expect(requiredLiterals("cannot (?:log ?in|pay)")).toEqual(["cannot "]);
    expect(requiredLiterals("^(?:how|what|is there)\\b")).toEqual(["how", "what", "is there"]);
    expect(requiredLiterals("colou?r")).toEqual(["colo"]);
    expect(requiredLiterals("ab+c")).toEqual(["ab"]);
    expect(requiredLiterals("x{2}yz")).toEqual(["xyz"]);
    expect(requiredLiterals("[a-z|]+ fails\\.")).toEqual([" fails."]);
    expect(requiredLiterals("a{,2}bc")).toEqual(["a{,2}bc"]);
    expect(requiredLiterals("(?:abc)?de")).toEqual(["de"]);
    expect(requiredLiterals("ab.c")).toEqual(["ab"]);
    expect(requiredLiterals("^[^\\n]*[?？]\\n")).toEqual(["?", "？"]);
    expect(requiredLiterals("x[a-c]")).toEqual(["x"]);
  });

  it("reads every set of words a one-branch pattern needs, each one of them required", () => {
    expect(requiredLiteralSets("\\b(all|every)\\b[^.\\n]{0,25}\\b(users?|customers?)\\b")).toEqual([["all", "every"], ["user", "customer"]]);
    expect(requiredLiteralSets("no (one|user) can")).toEqual([["no "], ["one", "user"], [" can"]]);
    expect(requiredLiteralSets("吗[?？]")).toEqual([["吗"], ["?", "？"]]);
    // Several branches: only the words one of which every branch needs.
    expect(requiredLiteralSets("please (add|include)|typo")).toEqual([["please ", "typo"]]);
    expect(requiredLiteralSets("[^?]x|\\d")).toBeUndefined();
  });

  it("gives none where a branch needs no word or the syntax is not read here", () => {
    for (const pattern of ["\\d+", "abc|", "(?i)abc", "(?-i)abc", "(?P<x>abc)", "\\Qabc\\E", "\\x41bc", "(?:abc)*", "é", "[abc"]) {
      expect(requiredLiterals(pattern), pattern).toBeUndefined();
    }
    expect(literalPrefilter("a|bc")).toBeUndefined();
  });

  it("turns texts away on a single Chinese character, never on a single ASCII one", () => {
    const slow = literalPrefilter("慢|超时|time ?out");
    expect(slow?.("The export is very slow")).toBe(false);
    expect(slow?.("导出很慢")).toBe(true);
    expect(slow?.("requests time out")).toBe(true);
    expect(literalPrefilter("x|超时")).toBeUndefined();
  });

  it("are in every text the preset's patterns match", () => {
    const patterns = [
      "outage|all users|everyone|(?:is|are|went) down|data loss|security breach|宕机|支付|全部用户|所有用户|无法访问",
      "broken|cannot (?:log ?in|pay|checkout)|many users|部分用户|无法登录|报错",
      "^(?:how|what|why|can|is there)\\b|question|feature request|咨询|建议|如何",
      "sso|log ?in|password|permission|登录|权限|账号",
    ];
    const texts = ["The API WENT  down", "went down", "LOGIN fails", "ca\u212Annot", "\u017Fso", "Caſe: can we", "部分用户无法登录", "how?", "nothing here"];
    for (const pattern of patterns) {
      const pre = literalPrefilter(pattern);
      expect(pre, pattern).toBeDefined();
      for (const text of texts) if (re2(pattern).test(text)) expect(pre?.(text), `${pattern} on ${text}`).toBe(true);
    }
  });

  it("never miss a match of a random pattern on a random text", () => {
    const CHARS = ["a", "b", "s", "k", "S", "K", "\u017F", "\u212A", "漏", "洞", " ", "-", ".", "é", "É"];
    const atom = fc.oneof(
      { weight: 6, arbitrary: fc.constantFrom("a", "b", "s", "k", "漏", "洞", " ", "\\.", "\\-", "é") },
      { weight: 1, arbitrary: fc.constantFrom(".", "[ab]", "[^s]", "\\b", "\\s", "^", "$", "\\pL", "[]k]") },
    );
    const quantified = fc.tuple(atom, fc.constantFrom("", "", "", "?", "*", "+", "{2}", "{0,1}", "{1,2}", "??")).map(([a, q]) => (a === "^" || a === "$" || a === "\\b" ? a : a + q));
    const sequence = fc.array(quantified, { minLength: 1, maxLength: 6 }).map((parts) => parts.join(""));
    const group = fc.array(sequence, { minLength: 1, maxLength: 3 }).map((branches) => `(?:${branches.join("|")})`);
    const branch = fc.array(fc.oneof(sequence, group, fc.tuple(group, fc.constantFrom("?", "+", "*")).map(([g, q]) => g + q)), { minLength: 1, maxLength: 3 }).map((parts) => parts.join(""));
    const pattern = fc.array(branch, { minLength: 1, maxLength: 3 }).map((branches) => branches.join("|"));
    const text = fc.array(fc.constantFrom(...CHARS), { maxLength: 20 }).map((parts) => parts.join(""));
    let filtered = 0;
    fc.assert(
      fc.property(pattern, fc.array(text, { minLength: 1, maxLength: 8 }), (p, texts) => {
        const compiled = re2(p);
        // Every set of words is needed, not only the best one the prefilter uses.
        const sets = (requiredLiteralSets(p) ?? []).map((words) => new RegExp(words.map((w) => w.replace(/[\\^$.*+?()[\]{}|/]/g, "\\$&")).join("|"), "iu"));
        for (const t of texts) if (compiled.test(t)) for (const set of sets) expect(set.test(t), `/${p}/ on ${JSON.stringify(t)}: ${set.source}`).toBe(true);
        const pre = literalPrefilter(p);
        if (pre === undefined) return;
        for (const t of texts) {
          if (compiled.test(t)) expect(pre(t), `/${p}/ on ${JSON.stringify(t)}`).toBe(true);
          else if (!pre(t)) filtered++;
        }
      }),
      { numRuns: 3000 },
    );
    // The prefilter does turn texts away: a test that always said "maybe" would pass above.
    expect(filtered).toBeGreaterThan(1000);
  });

  it("fold case as RE2 does for every character a word may hold", () => {
    const samples = [];
    for (let c = 0x20; c < 0x7f; c++) samples.push(String.fromCharCode(c));
    samples.push("漏", "あ", "한", "：", "　");
    // The samples and every BMP character with a case mapping (the Kelvin sign, the long s, …).
    let all = samples.join("");
    for (let c = 0x80; c <= 0xffff; c++) {
      const x = String.fromCharCode(c);
      if ((c < 0xd800 || c > 0xdfff) && (x.toLowerCase() !== x || x.toUpperCase() !== x)) all += x;
    }
    for (const ch of samples) {
      const one = RE2JS.quote(ch);
      const pre = literalPrefilter(`${one}${one}`);
      expect(pre, ch).toBeDefined();
      const matcher = re2(one).matcher(all);
      const byRe2: string[] = [];
      while (matcher.find()) byRe2.push(matcher.group() as string);
      const byNative = [...all].filter((x) => pre?.(`${x}${x}`) === true);
      expect(byNative, ch).toEqual(byRe2);
    }
  });
});
