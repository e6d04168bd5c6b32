/**
 * Random issue bodies built from adversarial fragments — runs that scale with the body (spaces,
 * `#`, `*`, `<!--`, `@`, `_`, combining marks) between pieces of Markdown — evaluate with the
 * support preset in time linear in their length.
 */
import { fileURLToPath } from "node:url";
import fc from "fast-check";
import { describe, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import { evaluate } from "../../src/core/evaluate.ts";
import { issueFromSpec } from "../../src/rule-tests/issue-from-spec.ts";
import { expectLinear, KB } from "./linear-time.ts";

const { rules } = readRules(fileURLToPath(new URL("../../rules/support.yml", import.meta.url)));
if (!rules) throw new Error("the support preset does not load");
const NOW = Date.parse("2026-03-11T10:00:00+08:00");

const PIECES = ["# x", "### ", "**", "- [x] ", "* ", "```", "<!--", "-->", "@", "@a", "Impact scope:", "：", "|", "\n", "\r", "\u2028", "y", "### Environment\n", "_No response_", "😀", "\u0301"];
const RUNS = [" ", "#", "*", "-", "_", "@", "|", "<!--", "\u0301", "\n", "\r\n", "  - [x] a\n", "### Start time\n"];

/** A body shape: pieces of text and runs that take a share of the body's length. */
const shape = fc.array(
  fc.oneof(fc.constantFrom(...PIECES).map((text) => ({ text })), fc.record({ run: fc.constantFrom(...RUNS), share: fc.integer({ min: 1, max: 10 }) })),
  { minLength: 2, maxLength: 10 },
);

type Part = { text: string } | { run: string; share: number };

function bodyOf(parts: readonly Part[], size: number): string {
  const shares = parts.reduce((n, p) => n + ("share" in p ? p.share : 0), 0);
  const fixed = parts.reduce((n, p) => n + ("text" in p ? p.text.length : 0), 0);
  const room = Math.max(0, size - fixed);
  if (shares === 0) return parts.map((p) => ("text" in p ? p.text : "")).join("").repeat(Math.max(1, Math.round(size / Math.max(1, fixed))));
  return parts.map((p) => ("text" in p ? p.text : p.run.repeat(Math.ceil((room * p.share) / shares / p.run.length)))).join("");
}

describe("random adversarial bodies", () => {
  it("evaluate in time linear in their length", () => {
    fc.assert(
      fc.property(shape, (parts) => {
        expectLinear(
          `evaluate ${JSON.stringify(parts)}`,
          (size) => bodyOf(parts, size),
          (body) => evaluate(issueFromSpec({ title: "Report", body, created: "2026-03-10T10:00:00+08:00", labels: [] }, 0), rules, NOW),
          [16 * KB, 256 * KB],
        );
      }),
      { numRuns: 25 },
    );
  }, 300_000);
});
