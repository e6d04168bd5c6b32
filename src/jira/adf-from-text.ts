/**
 * Plain text (the Markdown-ish bodies the core writes) → ADF, for Jira comments and text fields.
 * Blank lines separate paragraphs, `#`–`######` lines become headings, `- [ ]`/`- [x]` lines task
 * lists, `-`/`*` lines bullet lists, `1.` lines ordered lists, fenced blocks code blocks. Other
 * Markdown stays literal text, and `@name` in the text stays text: only explicit account ids
 * become mention nodes, so text copied from an issue can never ping anyone.
 */
import { defuseMarkers } from "../core/text/hidden-key.ts";
import { hasLineTerminator, skipSpaces } from "../core/text/scan.ts";
import type { AdfDoc, AdfNode } from "./adf-types.ts";

const TASK = /^\s*[-*] \[([ xX])\]\s?(.*)$/;
const BULLET = /^\s*[-*+] (.*)$/;
const ORDERED = /^\s*(\d+)[.)] (.*)$/;

/*
 * Fences and headings are scanned by hand, giving what /^\s*```\s*([\w+#.-]*)\s*$/ and
 * /^(#{1,6})\s+(.*)$/ give: as regular expressions their adjacent `\s` runs backtrack
 * quadratically on a long run of spaces, and the text comes from issues.
 */

const isLanguageCode = (code: number): boolean =>
  (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || code === 0x5f || code === 0x2b || code === 0x23 || code === 0x2e || code === 0x2d;

/** The language of a fence line (` ```ts `; "" for none), or undefined when the line is no fence. */
function parseFence(line: string): string | undefined {
  const tick = skipSpaces(line, 0);
  if (!line.startsWith("```", tick)) return undefined;
  const from = skipSpaces(line, tick + 3);
  let to = from;
  while (to < line.length && isLanguageCode(line.charCodeAt(to))) to++;
  return skipSpaces(line, to) === line.length ? line.slice(from, to) : undefined;
}

/** Level and text of a `#`–`######` heading line, or undefined. */
function parseHeading(line: string): [number, string] | undefined {
  let level = 0;
  while (level < line.length && line.charCodeAt(level) === 0x23) level++;
  if (level === 0 || level > 6) return undefined;
  const from = skipSpaces(line, level);
  if (from === level || hasLineTerminator(line, from)) return undefined;
  return [level, line.slice(from)];
}

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
    const fence = parseFence(line);
    const heading = parseHeading(line);
    if (line.trim() === "") {
      endParagraph();
      index++;
    } else if (fence !== undefined) {
      endParagraph();
      // Searched from the fence on: from the top each time, many fences took quadratic time.
      let stop = index + 1;
      while (stop < lines.length && parseFence(lines[stop] ?? "") !== "") stop++;
      const code = lines.slice(index + 1, stop).join("\n");
      const node: AdfNode = { type: "codeBlock", content: code === "" ? [] : [{ type: "text", text: code }] };
      if (fence !== "") node.attrs = { language: fence };
      content.push(node);
      index = stop + 1;
    } else if (heading !== undefined) {
      endParagraph();
      const [level, title] = heading;
      content.push({ type: "heading", attrs: { level }, content: inline(title) });
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
 * account id (Jira notifies mentioned people only through such nodes). Hidden-key markers in the
 * body (text copied from an issue) are defused: on Jira the key lives in a comment property, and
 * the comment's text must never claim one.
 */
export function toAdfWithMentions(body: string, accountIds: readonly string[]): AdfDoc {
  const doc = textToAdf(defuseMarkers(body));
  if (accountIds.length === 0) return doc;
  const mentions: AdfNode[] = [{ type: "text", text: "cc " }];
  accountIds.forEach((id, index) => {
    if (index > 0) mentions.push({ type: "text", text: " " });
    mentions.push({ type: "mention", attrs: { id } });
  });
  doc.content.push({ type: "paragraph", content: mentions });
  return doc;
}
