/**
 * Plain text (the Markdown-ish bodies the core writes) → ADF, for Jira comments and text fields.
 * Blank lines separate paragraphs, `#`–`######` lines become headings, `- [ ]`/`- [x]` lines task
 * lists, `-`/`*` lines bullet lists, `1.` lines ordered lists, fenced blocks code blocks. In
 * comments, `**bold**` and `` `code` `` become marks and a `---` line a rule, so Jira shows the
 * formatting the text asks for rather than the asterisks and backticks; text fields keep their
 * text as written (it is read back and compared). `@name` in the text stays text: only explicit
 * account ids become mention nodes, so text copied from an issue can never ping anyone.
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

type Mark = NonNullable<AdfNode["marks"]>[number];
const STRONG: Mark = { type: "strong" };
const CODE: Mark = { type: "code" };

const textNode = (text: string, marks: readonly Mark[]): AdfNode => (marks.length === 0 ? { type: "text", text } : { type: "text", text, marks: [...marks] });

/**
 * `` `code` `` spans of one line as code-marked text, the rest as text with `marks`. Linear: a
 * closing backtick is searched for once from each opening, and once none is found no later
 * opening is searched for again.
 */
function codeSpans(line: string, marks: readonly Mark[], out: AdfNode[]): void {
  let plain = 0;
  let closing = true;
  for (let at = line.indexOf("`"); at >= 0 && closing; at = line.indexOf("`", at)) {
    const end = line.indexOf("`", at + 1);
    if (end < 0) closing = false;
    else if (end === at + 1) at = end + 1;
    else {
      if (at > plain) out.push(textNode(line.slice(plain, at), marks));
      out.push(textNode(line.slice(at + 1, end), [...marks, CODE]));
      plain = at = end + 1;
    }
  }
  if (plain < line.length) out.push(textNode(line.slice(plain), marks));
}

/**
 * One line with `**bold**` and `` `code` `` as marks (the `**` inside a code span are code).
 * Linear: each search for the next backtick or `**` starts past the last one found.
 */
function formattedLine(line: string, out: AdfNode[]): void {
  let plain = 0;
  let tick = line.indexOf("`");
  let star = line.indexOf("**");
  while (star >= 0) {
    if (tick >= 0 && tick < star) {
      const close = line.indexOf("`", tick + 1);
      if (close < 0) {
        tick = -1;
        continue;
      }
      // A code span: left to `codeSpans`, its asterisks are code.
      tick = line.indexOf("`", close + 1);
      if (star <= close) star = line.indexOf("**", close + 1);
      continue;
    }
    const end = line.indexOf("**", star + 2);
    if (end < 0) break;
    const inner = line.slice(star + 2, end);
    if (inner.trim() !== "") {
      if (star > plain) codeSpans(line.slice(plain, star), [], out);
      codeSpans(inner, [STRONG], out);
      plain = end + 2;
    }
    if (tick >= 0 && tick < end + 2) tick = line.indexOf("`", end + 2);
    star = line.indexOf("**", end + 2);
  }
  if (plain < line.length) codeSpans(line.slice(plain), [], out);
}

/** Text nodes separated by hard breaks; ADF forbids empty text nodes. */
function inline(text: string, format = false): AdfNode[] {
  const nodes: AdfNode[] = [];
  text.split("\n").forEach((line, index) => {
    if (index > 0) nodes.push({ type: "hardBreak" });
    if (line === "") return;
    if (format) formattedLine(line, nodes);
    else nodes.push({ type: "text", text: line });
  });
  return nodes;
}

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

/** Build an ADF document from text; `comment` turns bold, code and `---` rules into ADF too. */
export function textToAdf(text: string, options: { comment?: boolean } = {}): AdfDoc {
  const format = options.comment === true;
  const paragraph = (body: string): AdfNode => ({ type: "paragraph", content: inline(body, format) });
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
    } else if (format && line.trim() === "---" && prose.length === 0) {
      // After a blank line only: right under a text line, `---` is that line's underline in Markdown.
      content.push({ type: "rule" });
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
      content.push({ type: "heading", attrs: { level }, content: inline(title, format) });
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
          content: inline(task[2] ?? "", format),
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
  const doc = textToAdf(defuseMarkers(body), { comment: true });
  if (accountIds.length === 0) return doc;
  const mentions: AdfNode[] = [{ type: "text", text: "cc " }];
  accountIds.forEach((id, index) => {
    if (index > 0) mentions.push({ type: "text", text: " " });
    mentions.push({ type: "mention", attrs: { id } });
  });
  doc.content.push({ type: "paragraph", content: mentions });
  return doc;
}
