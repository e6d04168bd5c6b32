/**
 * Issue-form answers from Markdown: `### Heading` sections (GitHub issue forms, Jira
 * descriptions rendered to text), `Heading: answer` lines in free-form reports, and ticked
 * task-list items. Robust to what people paste: a `###` line inside an answer only starts a new
 * section when it is one of the headings the rules know.
 */

export interface ParsedSections {
  /** Answer text by normalised heading (see `normaliseHeading`). Empty answers are "". */
  sections: Map<string, string>;
  /** Ticked task-list items' text, normalised. */
  ticked: string[];
}

/** Lower-case, trim punctuation and emphasis around a heading, fold full-width colons. */
export function normaliseHeading(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`]/g, "")
    .replace(/[\s:：?？.。]+$/u, "")
    .replace(/^[\s:：]+/u, "")
    .replace(/\s+/g, " ")
    .trim();
}

/** Placeholders that issue forms and people write for "no answer". */
const EMPTY_ANSWERS = new Set(["_no response_", "no response", "n/a", "na", "none", "-", "--", "tbd", "todo", "无", "暂无", "不知道", "?", "？", "..."]);

/** Is this answer text really an answer? */
export function isAnswered(text: string | undefined): boolean {
  if (text === undefined) return false;
  const trimmed = (text.includes("<!--") ? text.replace(/<!--[\s\S]*?-->/g, "") : text).trim();
  if (trimmed === "") return false;
  return !EMPTY_ANSWERS.has(trimmed.toLowerCase());
}

const HEADING_RE = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/;
const BOLD_HEADING_RE = /^\s{0,3}\*\*(.+?)\*\*\s*[:：]?\s*$/;
const KEY_VALUE_RE = /^\s{0,3}(?:\*\*)?([^:：\n]{2,40}?)(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*(.*)$/u;
const TASK_RE = /^\s*[-*+]\s+\[([ xX])\]\s+(.+)$/;
const FENCE_RE = /^\s{0,3}(```|~~~)/;

/**
 * Does a heading line name one of the known headings? Known headings match exactly, or as a
 * prefix followed by a non-letter ("Environment (OS, browser)").
 */
export function matchKnownHeading(heading: string, known: ReadonlySet<string>): string | undefined {
  const h = normaliseHeading(heading);
  if (known.has(h)) return h;
  for (const k of known) {
    if (h.startsWith(k) && h.length > k.length) {
      const next = h.charAt(k.length);
      if (!/[\p{L}\p{N}]/u.test(next)) return k;
    }
  }
  return undefined;
}

/**
 * Split a body into answers for the `known` headings (normalised). Unknown headings, and
 * anything inside code fences, stay part of the answer they appear in.
 */
export function parseSections(body: string, known: ReadonlySet<string>): ParsedSections {
  const sections = new Map<string, string>();
  const ticked: string[] = [];
  if (body === "") return { sections, ticked };
  const lines = body.split(/\r?\n/);
  let current: string | undefined;
  let buffer: string[] = [];
  let inFence = false;
  const close = () => {
    if (current !== undefined) {
      const text = buffer.join("\n").trim();
      // The first answer wins when a heading repeats (a pasted copy of the form further down).
      if (!isAnswered(sections.get(current))) sections.set(current, text);
    }
    buffer = [];
  };
  for (const line of lines) {
    // Cheap first-character checks keep the regular expressions off ordinary lines.
    const first = line.trimStart().charAt(0);
    if ((first === "`" || first === "~") && FENCE_RE.test(line)) inFence = !inFence;
    const maybeHeading = first === "#" || first === "*";
    const maybeKeyValue = line.includes(":") || line.includes("：");
    const maybeTask = first === "-" || first === "*" || first === "+";
    if (!inFence && (maybeHeading || maybeKeyValue || maybeTask)) {
      const task = maybeTask ? TASK_RE.exec(line) : null;
      if (task && task[1] !== " ") ticked.push(normaliseHeading(task[2] as string));
      const heading = maybeHeading ? (HEADING_RE.exec(line) ?? BOLD_HEADING_RE.exec(line)) : null;
      if (heading) {
        const key = matchKnownHeading(heading[1] as string, known);
        if (key !== undefined) {
          close();
          current = key;
          continue;
        }
      } else if (maybeKeyValue) {
        const kv = KEY_VALUE_RE.exec(line);
        if (kv) {
          const key = matchKnownHeading(kv[1] as string, known);
          if (key !== undefined) {
            close();
            current = key;
            buffer.push(kv[2] as string);
            continue;
          }
        }
      }
    }
    if (current !== undefined) buffer.push(line);
  }
  close();
  return { sections, ticked };
}

/** Is a checklist item (normalised, ticked) about one of the names? "Root cause: DNS" counts for "root cause". */
export function tickedMatches(ticked: readonly string[], names: readonly string[]): boolean {
  for (const item of ticked) {
    for (const raw of names) {
      const name = normaliseHeading(raw);
      if (item === name || (item.startsWith(name) && !/[\p{L}\p{N}]/u.test(item.charAt(name.length)))) return true;
    }
  }
  return false;
}
