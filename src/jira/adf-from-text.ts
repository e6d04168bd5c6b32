/**
 * Plain text (the Markdown-ish bodies the core writes) → ADF, for Jira comments and text fields.
 * Blank lines separate paragraphs, `#`–`######` lines become headings, `- [ ]`/`- [x]` lines task
 * lists, `-`/`*` lines bullet lists, `1.` lines ordered lists, fenced blocks code blocks. Other
 * Markdown stays literal text, and `@name` in the text stays text: only explicit account ids
 * become mention nodes, so text copied from an issue can never ping anyone.
 */
import type { AdfDoc, AdfNode } from "./adf-types.ts";

const FENCE = /^\s*```\s*([\w+#.-]*)\s*$/;
const HEADING = /^(#{1,6})\s+(.*)$/;
const TASK = /^\s*[-*] \[([ xX])\]\s?(.*)$/;
const BULLET = /^\s*[-*+] (.*)$/;
const ORDERED = /^\s*(\d+)[.)] (.*)$/;

/** Text nodes separated by hard breaks; ADF forbids empty text nodes. */
function inline(text: string): AdfNode[] {
  const nodes: AdfNode[] = [];
  text.split("\n").forEach((line, index) => {
    if (index > 0) nodes.push({ type: "hardBreak" });
    if (line !== "") nodes.push({ type: "text", text: line });
  });
  return nodes;
}

const paragraph = (text: string): AdfNode => ({ type: "paragraph", content: inline(text) });

/** Parse the lines starting at `start` that all match `pattern`; returns the matches and the next index. */
function takeWhile(lines: readonly string[], start: number, pattern: RegExp): [RegExpExecArray[], number] {
  const matches: RegExpExecArray[] = [];
  let index = start;
  for (; index < lines.length; index++) {
    const match = pattern.exec(lines[index] ?? "");
    if (match === null) break;
    matches.push(match);
  }
  return [matches, index];
}

/** Build an ADF document from text. */
export function textToAdf(text: string): AdfDoc {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const content: AdfNode[] = [];
  let prose: string[] = [];
  let taskIds = 0;
  const endParagraph = (): void => {
    if (prose.length > 0) content.push(paragraph(prose.join("\n")));
    prose = [];
  };

  for (let index = 0; index < lines.length; ) {
    const line = lines[index] ?? "";
    const fence = FENCE.exec(line);
    const heading = HEADING.exec(line);
    if (line.trim() === "") {
      endParagraph();
      index++;
    } else if (fence !== null) {
      endParagraph();
      const end = lines.findIndex((candidate, at) => at > index && /^\s*```\s*$/.test(candidate));
      const stop = end === -1 ? lines.length : end;
      const code = lines.slice(index + 1, stop).join("\n");
      const node: AdfNode = { type: "codeBlock", content: code === "" ? [] : [{ type: "text", text: code }] };
      if (fence[1] !== undefined && fence[1] !== "") node.attrs = { language: fence[1] };
      content.push(node);
      index = stop + 1;
    } else if (heading !== null) {
      endParagraph();
      const level = heading[1]?.length ?? 3;
      content.push({ type: "heading", attrs: { level }, content: inline(heading[2] ?? "") });
      index++;
    } else if (TASK.test(line)) {
      endParagraph();
      const [tasks, next] = takeWhile(lines, index, TASK);
      content.push({
        type: "taskList",
        attrs: { localId: `task-list-${++taskIds}` },
        content: tasks.map((task) => ({
          type: "taskItem",
          attrs: { localId: `task-${++taskIds}`, state: task[1] === " " ? "TODO" : "DONE" },
          content: inline(task[2] ?? ""),
        })),
      });
      index = next;
    } else if (BULLET.test(line) || ORDERED.test(line)) {
      endParagraph();
      const ordered = !BULLET.test(line);
      const [items, next] = takeWhile(lines, index, ordered ? ORDERED : BULLET);
      const node: AdfNode = {
        type: ordered ? "orderedList" : "bulletList",
        content: items.map((item) => ({ type: "listItem", content: [paragraph(item[ordered ? 2 : 1] ?? "")] })),
      };
      const start = Number(items[0]?.[1]);
      if (ordered && start !== 1) node.attrs = { order: start };
      content.push(node);
      index = next;
    } else {
      prose.push(line);
      index++;
    }
  }
  endParagraph();
  return { type: "doc", version: 1, content };
}

/**
 * Build the ADF of a comment: the body, then a `cc` paragraph with a real mention node for each
 * account id (Jira notifies mentioned people only through such nodes).
 */
export function toAdfWithMentions(body: string, accountIds: readonly string[]): AdfDoc {
  const doc = textToAdf(body);
  if (accountIds.length === 0) return doc;
  const mentions: AdfNode[] = [{ type: "text", text: "cc " }];
  accountIds.forEach((id, index) => {
    if (index > 0) mentions.push({ type: "text", text: " " });
    mentions.push({ type: "mention", attrs: { id } });
  });
  doc.content.push({ type: "paragraph", content: mentions });
  return doc;
}
