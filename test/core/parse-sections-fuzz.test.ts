/**
 * `parseSections` reads what the plain reading (every line through the regular expressions,
 * every label normalised) reads, on random bodies built from issue-form lines: known headings in
 * every case and emphasis, with suffixes and colons, unknown headings, `Label: answer` lines,
 * dates, fences, tasks, placeholders, `\r\n` and non-ASCII text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { matchKnownHeading, normaliseHeading, parseSections } from "../../src/core/text/parse-sections.ts";
import { referenceNormalise, referenceSections } from "./parse-sections-reference.ts";

const HEADINGS = ["Impact scope", "Symptom and error message", "Start time", "Environment", "Environment (OS, browser, app version)", "影响范围", "Root cause", "RCA", "Steps to reproduce", ""];
const known = new Set(HEADINGS.filter((h) => h !== "").map(normaliseHeading));
const withEmpty = new Set([...known, ""]);

const headingText = fc
  .tuple(
    fc.constantFrom(...HEADINGS, "Additional context", "2026-03-11 09", "Looking into it. Update 3", "Impact", "Environments", "İmpact scope", "ΣRCA"),
    fc.constantFrom("", "", " (OS)", ":", "：", "?", " ", "-x", "2", "é"),
    fc.constantFrom("upper", "lower", "same", "same", "bold", "code"),
  )
  .map(([h, suffix, how]) => {
    const text = how === "upper" ? h.toUpperCase() : how === "lower" ? h.toLowerCase() : h;
    return how === "bold" ? `**${text}**${suffix}` : how === "code" ? `\`${text}\`${suffix}` : text + suffix;
  });

const line = fc.oneof(
  headingText.map((h) => `### ${h}`),
  fc.tuple(fc.constantFrom("", " ", "   ", "    ", "\t", "\u00a0"), fc.constantFrom("#", "##", "####### ", "#"), headingText, fc.constantFrom("", " ##", "  ")).map(([i, hashes, h, close]) => `${i}${hashes} ${h}${close}`),
  headingText.map((h) => `**${h}**`),
  fc.tuple(headingText, fc.constantFrom(": ", "：", ":", ": **", " : "), fc.constantFrom("one team", "", "_No response_", "x\ry", "Chrome: 120")).map(([h, sep, v]) => `${h}${sep}${v}`),
  fc.constantFrom("", "", "", "_No response_", "N/A", "All users", "2026-03-11 09:05 CST", "```", "~~~", "    ```", " ```js", "- [x] Root cause: DNS", "* [X] RCA", "- [ ] Environment", "+ [x]  ", "<!-- hidden -->", "无", "a\u2028b", "\u3000影响范围：所有用户"),
  fc.string({ maxLength: 12 }),
);

const body = fc.tuple(fc.array(line, { maxLength: 14 }), fc.constantFrom("\n", "\n", "\r\n"), fc.boolean()).map(([lines, eol, trailing]) => lines.join(eol) + (trailing ? eol : ""));

describe("parseSections agrees with the plain reading", () => {
  it.each([
    ["the known headings", known],
    ["the known headings and the empty one", withEmpty],
  ])("on random form bodies, %s", (_name, set) => {
    fc.assert(
      fc.property(body, (b) => {
        const want = referenceSections(b, set);
        const got = parseSections(b, set);
        expect([...got.sections]).toEqual([...want.sections]);
        expect(got.ticked).toEqual(want.ticked);
      }),
      { numRuns: 4000 },
    );
  });

  it("matches a heading as its normal form does", () => {
    fc.assert(
      fc.property(fc.oneof(headingText, fc.string({ maxLength: 16 })), (h) => {
        const n = referenceNormalise(h);
        const want = known.has(n) ? n : [...known].find((k) => n.startsWith(k) && n.length > k.length && !/[\p{L}\p{N}]/u.test(n.charAt(k.length)));
        expect(matchKnownHeading(h, known)).toBe(want);
        expect(normaliseHeading(h)).toBe(n);
      }),
      { numRuns: 4000 },
    );
  });
});
