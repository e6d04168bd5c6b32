import { describe, expect, it } from "vitest";
import { adfToText } from "../../src/jira/adf.ts";
import { textToAdf, toAdfWithMentions } from "../../src/jira/adf-from-text.ts";
import type { AdfNode } from "../../src/jira/adf-types.ts";

const doc = (...content: AdfNode[]) => ({ type: "doc", version: 1, content });
const p = (...content: AdfNode[]): AdfNode => ({ type: "paragraph", content });
const t = (text: string, marks?: AdfNode["marks"]): AdfNode => (marks ? { type: "text", text, marks } : { type: "text", text });

describe("adfToText", () => {
  it.each([
    ["paragraphs are separated by a blank line", doc(p(t("one")), p(t("two"))), "one\n\ntwo"],
    ["marks are dropped", doc(p(t("bold", [{ type: "strong" }]), t(" and "), t("link", [{ type: "link", attrs: { href: "x" } }]))), "bold and link"],
    ["headings of any level read as ### lines", doc({ type: "heading", attrs: { level: 1 }, content: [t("Impact")] }, p(t("all"))), "### Impact\n\nall"],
    ["hard breaks are newlines", doc(p(t("a"), { type: "hardBreak" }, t("b"))), "a\nb"],
    ["mentions read as @name", doc(p({ type: "mention", attrs: { id: "1", text: "@Ann" } }, t(" and "), { type: "mention", attrs: { id: "abc" } })), "@Ann and @abc"],
    [
      "bullet lists, with nested lists indented",
      doc({
        type: "bulletList",
        content: [
          { type: "listItem", content: [p(t("a")), { type: "bulletList", content: [{ type: "listItem", content: [p(t("a1"))] }] }] },
          { type: "listItem", content: [p(t("b"))] },
        ],
      }),
      "- a\n  - a1\n- b",
    ],
    [
      "ordered lists count from their start",
      doc({ type: "orderedList", attrs: { order: 3 }, content: [{ type: "listItem", content: [p(t("x"))] }, { type: "listItem", content: [p(t("y"))] }] }),
      "3. x\n4. y",
    ],
    [
      "task lists read as checkboxes",
      doc({
        type: "taskList",
        attrs: { localId: "l" },
        content: [
          { type: "taskItem", attrs: { localId: "1", state: "DONE" }, content: [t("Root cause noted")] },
          { type: "taskItem", attrs: { localId: "2", state: "TODO" }, content: [t("Verified")] },
          { type: "taskList", attrs: { localId: "m" }, content: [{ type: "taskItem", attrs: { state: "TODO" }, content: [t("nested")] }] },
        ],
      }),
      "- [x] Root cause noted\n- [ ] Verified\n  - [ ] nested",
    ],
    ["code blocks are fenced", doc({ type: "codeBlock", attrs: { language: "js" }, content: [t("x = 1")] }), "```js\nx = 1\n```"],
    ["blockquotes", doc({ type: "blockquote", content: [p(t("quoted"))] }), "> quoted"],
    ["emoji, status, dates and cards", doc(p({ type: "emoji", attrs: { shortName: ":x:", text: "❌" } }, t(" "), { type: "status", attrs: { text: "BLOCKED" } }, t(" "), { type: "date", attrs: { timestamp: "1773100800000" } }, t(" "), { type: "inlineCard", attrs: { url: "https://x.test" } })), "❌ BLOCKED 2026-03-10 https://x.test"],
    ["tables read row by row", doc({ type: "table", content: [{ type: "tableRow", content: [{ type: "tableHeader", content: [p(t("k"))] }, { type: "tableCell", content: [p(t("v"))] }] }] }), "| k | v |"],
    ["unknown nodes are read through", doc({ type: "panel", content: [p(t("in a panel"))] }, { type: "fancyNew", content: [t("inline "), t("kids")] }, { type: "weird", text: "own text" }), "in a panel\n\ninline kids\n\nown text"],
    ["media is skipped", doc({ type: "mediaSingle", content: [{ type: "media", attrs: { id: "x" } }] }, p(t("after"))), "after"],
  ])("%s", (_name, input, expected) => {
    expect(adfToText(input)).toBe(expected);
  });

  it("returns strings as they are and anything else as empty text", () => {
    expect(adfToText("plain")).toBe("plain");
    for (const value of [null, undefined, 3, {}, [], { type: 3 }, { type: "doc" }, { type: "doc", content: [null, 1, { no: "type" }] }]) {
      expect(adfToText(value)).toBe("");
    }
  });
});

describe("textToAdf", () => {
  it("builds paragraphs, headings, lists, task lists and code blocks", () => {
    const text = [
      "Hello @org/team",
      "second line",
      "",
      "### Missing",
      "- steps to reproduce",
      "- environment",
      "",
      "1. first",
      "2. second",
      "",
      "- [x] root cause",
      "- [ ] verification",
      "",
      "```sh",
      "npm ci",
      "```",
    ].join("\n");
    expect(textToAdf(text)).toEqual({
      type: "doc",
      version: 1,
      content: [
        p(t("Hello @org/team"), { type: "hardBreak" }, t("second line")),
        { type: "heading", attrs: { level: 3 }, content: [t("Missing")] },
        { type: "bulletList", content: [{ type: "listItem", content: [p(t("steps to reproduce"))] }, { type: "listItem", content: [p(t("environment"))] }] },
        { type: "orderedList", content: [{ type: "listItem", content: [p(t("first"))] }, { type: "listItem", content: [p(t("second"))] }] },
        {
          type: "taskList",
          attrs: { localId: "task-list-1" },
          content: [
            { type: "taskItem", attrs: { localId: "task-2", state: "DONE" }, content: [t("root cause")] },
            { type: "taskItem", attrs: { localId: "task-3", state: "TODO" }, content: [t("verification")] },
          ],
        },
        { type: "codeBlock", attrs: { language: "sh" }, content: [t("npm ci")] },
      ],
    });
  });

  it("never writes empty text nodes", () => {
    const json = JSON.stringify(textToAdf("\n\n#  \n```\n```\n- \n"));
    expect(json).not.toContain('"text":""');
  });

  it("reads back as the text it was built from", () => {
    const text = "Hello\n\n### Root cause\n\nDisk full\n\n- a\n- b\n\n- [x] done\n- [ ] todo\n\n```\ncode\n```";
    expect(adfToText(textToAdf(text))).toBe(text);
  });

  it("adds real mention nodes only for the account ids given", () => {
    const built = toAdfWithMentions("Breached, @someone typed this", ["acc-1", "acc-2"]);
    expect(built.content.at(-1)).toEqual(
      p(t("cc "), { type: "mention", attrs: { id: "acc-1" } }, t(" "), { type: "mention", attrs: { id: "acc-2" } }),
    );
    expect(JSON.stringify(built.content[0])).not.toContain("mention");
    expect(adfToText(built)).toBe("Breached, @someone typed this\n\ncc @acc-1 @acc-2");
    expect(toAdfWithMentions("x", [])).toEqual(textToAdf("x"));
  });
});

describe("comments show the formatting their text asks for", () => {
  const strong = [{ type: "strong" }];
  const code = [{ type: "code" }];
  const body = (text: string) => toAdfWithMentions(text, []).content;
  it.each([
    ["SLA breached: **first response** for P0", [p(t("SLA breached: "), t("first response", strong), t(" for P0"))]],
    ["Reply `/ack` to acknowledge", [p(t("Reply "), t("/ack", code), t(" to acknowledge"))]],
    ["labels (`a`, `b`); kept **P1**", [p(t("labels ("), t("a", code), t(", "), t("b", code), t("); kept "), t("P1", strong))]],
    ["**bold `code` in it**", [p(t("bold ", strong), t("code", [...strong, ...code]), t(" in it", strong))]],
    ["`**` is code, not bold **x**", [p(t("**", code), t(" is code, not bold "), t("x", strong))]],
    ["unclosed **bold and `tick", [p(t("unclosed **bold and `tick"))]],
    ["empty **** and ``", [p(t("empty **** and ``"))]],
    ["- [ ] **Root cause**", [{ type: "taskList", attrs: { localId: "task-list-1" }, content: [{ type: "taskItem", attrs: { localId: "task-2", state: "TODO" }, content: [t("Root cause", strong)] }] }]],
    ["one\n\n---\n\ntwo", [p(t("one")), { type: "rule" }, p(t("two"))]],
    ["a heading underline\n---", [p(t("a heading underline"), { type: "hardBreak" }, t("---"))]],
  ])("%j", (text, content) => {
    expect(body(text)).toEqual(content);
  });

  it("reads back as the text without the marks, so a digest's sections are found again", () => {
    expect(adfToText(toAdfWithMentions("**a**\n\n---\n\nb `c`", []))).toBe("a\n\n---\n\nb c");
  });

  it("text fields keep their text as written", () => {
    expect(textToAdf("**a** `b`\n\n---")).toEqual({ type: "doc", version: 1, content: [p(t("**a** `b`")), p(t("---"))] });
  });
});
