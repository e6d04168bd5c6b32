import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../src/core/rules/diagnostics.ts";
import { loadRules, type RuleSourceIO } from "../../src/core/rules/load-rules.ts";

const preset = readFileSync(new URL("../../rules/support.yml", import.meta.url), "utf8");

function load(text: string, files: Record<string, string> = {}) {
  const all: Record<string, string> = { "rules.yml": text, "presets/support.yml": preset, ...files };
  const io: RuleSourceIO = {
    read: (p) => all[p],
    resolve: (ref) => (ref === "support" ? "presets/support.yml" : ref in all ? ref : /^[\w-]+$/.test(ref) ? undefined : ref),
  };
  const result = loadRules("rules.yml", io);
  return { rules: result.rules, messages: result.diagnostics.map(formatDiagnostic) };
}

const lines = (...text: string[]) => `${text.join("\n")}\n`;

describe("loadRules: comment keys", () => {
  it("restricts comment keys to what the hidden marker can carry", () => {
    const { messages } = load(
      lines(
        "extends: support",
        "rules:",
        "  - name: a",
        "    then: [{ comment: { text: hi, key: my key } }]",
        "  - name: b",
        "    then: [{ comment: { text: hi, key: 'x-->y' } }]",
        "  - name: c",
        "    then: [{ comment: { text: hi, key: team/notice.v2_1 } }]",
      ),
    );
    expect(messages).toMatchInlineSnapshot(`
      [
        "rules.yml:4:40: rules[0].then[0].comment.key: expected a comment key of letters, digits and - _ . / (it is hidden in the comment and read back), found "my key"",
        "rules.yml:6:40: rules[1].then[0].comment.key: expected a comment key of letters, digits and - _ . / (it is hidden in the comment and read back), found "x-->y"",
      ]
    `);
  });
});
