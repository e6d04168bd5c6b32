/**
 * The hand-written line scans give what the regular expressions they replace give, on random
 * lines made of the characters that matter to them (short lines, where the expressions are fast).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parseBoldHeading, parseHeadingLine, parseKeyValue, parseTask } from "../../src/core/text/parse-lines.ts";

const HEADING_RE = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/;
const BOLD_HEADING_RE = /^\s{0,3}\*\*(.+?)\*\*\s*[:：]?\s*$/;
const KEY_VALUE_RE = /^\s{0,3}(?:\*\*)?([^:：\n]{2,40}?)(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*(.*)$/u;
const TASK_RE = /^\s*[-*+]\s+\[([ xX])\]\s+(.+)$/;

const PIECES = [" ", " ", "  ", "\t", "\r", "\u2028", "\u00a0", "\u3000", "#", "##", "*", "**", ":", "：", "-", "+", "[", "]", "[x]", "[ ]", "x", "X", "a", "Impact", "😀", "\u0301", "é", "?", ".", "\n"];
const line = fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join(""));
const lineOf = (...prefix: string[]) => fc.tuple(fc.constantFrom(...prefix), line).map(([p, rest]) => p + rest);
const runs = { numRuns: 3000 };

describe("line scans agree with the regular expressions", () => {
  it("headings", () => {
    fc.assert(fc.property(fc.oneof(line, lineOf("#", "# ", "### ", "  ## ", "####### ", "   # ")), (l) => {
      expect(parseHeadingLine(l)).toBe(HEADING_RE.exec(l)?.[1]);
    }), runs);
  });
  it("bold headings", () => {
    fc.assert(fc.property(fc.oneof(line, lineOf("**", " **", "**a", "****", "    **")), (l) => {
      expect(parseBoldHeading(l)).toBe(BOLD_HEADING_RE.exec(l)?.[1]);
    }), runs);
  });
  it("Label: answer lines", () => {
    const long = fc.tuple(fc.string({ maxLength: 50 }), line).map(([a, b]) => a + b);
    fc.assert(fc.property(fc.oneof(line, lineOf("Impact scope: ", "**Env**: ", " ab ：", "a:"), long), (l) => {
      const m = KEY_VALUE_RE.exec(l);
      expect(parseKeyValue(l)).toEqual(m === null ? undefined : [m[1], m[2]]);
    }), runs);
  });
  it("task items", () => {
    fc.assert(fc.property(fc.oneof(line, lineOf("- [x] ", "* [ ]", "+ [X]  ", "  -  [x]", "- [x]")), (l) => {
      const m = TASK_RE.exec(l);
      expect(parseTask(l)).toEqual(m === null ? undefined : [m[1], m[2]]);
    }), runs);
  });
});
