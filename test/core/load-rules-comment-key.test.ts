import { describe, expect, it } from "vitest";
import { load, lines } from "./load-in-memory.ts";


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
