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

const normalised = new Map<string, string>();

/** Lower-case, trim punctuation and emphasis around a heading, fold full-width colons. */
export function normaliseHeading(text: string): string {
  // Form headings repeat across every issue: remember them (bounded).
  const known = normalised.get(text);
  if (known !== undefined) return known;
  const result = normaliseUncached(text);
  if (normalised.size > 5_000) normalised.clear();
  normalised.set(text, result);
  return result;
}

function normaliseUncached(text: string): string {
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
  if (trimmed.length <= 16) return !EMPTY_ANSWERS.has(trimmed.toLowerCase());
  // Longer text may still hold nothing but an unknown form heading and placeholders, e.g.
  // "_No response_ / ### Additional context / _No response_": an answer needs one real line.
  if (!trimmed.includes("#") && !trimmed.includes("_No response_")) return true;
  return trimmed.split(/\r?\n/).some((line) => {
    const l = line.trim();
    return l !== "" && !HEADING_RE.test(l) && !EMPTY_ANSWERS.has(l.toLowerCase());
  });
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
  let current: string | undefined;
  // The current answer is body[from, to) plus, for "Heading: answer" lines, a first part.
  let first = "";
  let from = -1;
  let to = -1;
  let inFence = false;
  const close = () => {
    if (current !== undefined) {
      const rest = from < 0 ? "" : body.slice(from, to);
      const text = (first === "" ? rest : rest === "" ? first : `${first}\n${rest}`).trim();
      // The first answer wins when a heading repeats (a pasted copy of the form further down).
      if (!isAnswered(sections.get(current))) sections.set(current, text);
    }
    first = "";
    from = -1;
  };
  const open = (key: string, firstPart: string) => {
    close();
    current = key;
    first = firstPart;
  };
  let start = 0;
  let colon = body.indexOf(":");
  let wide = body.indexOf("：");
  while (start <= body.length) {
    let end = body.indexOf("\n", start);
    if (end < 0) end = body.length;
    const lineEnd = end > start && body.charCodeAt(end - 1) === 13 ? end - 1 : end;
    // Cheap first-character checks keep the regular expressions off ordinary lines.
    let i = start;
    while (i < lineEnd && (body.charCodeAt(i) === 32 || body.charCodeAt(i) === 9)) i++;
    const c = body.charAt(i);
    const maybeHeading = c === "#" || c === "*";
    const maybeTask = c === "-" || c === "*" || c === "+";
    const maybeFence = c === "`" || c === "~";
    // Next colon positions are remembered, so the scan stays linear in the body's length.
    if (colon !== -1 && colon < start) colon = body.indexOf(":", start);
    if (wide !== -1 && wide < start) wide = body.indexOf("：", start);
    const maybeKeyValue = (colon >= 0 && colon < lineEnd) || (wide >= 0 && wide < lineEnd);
    let consumed = false;
    if (maybeHeading || maybeTask || maybeFence || maybeKeyValue) {
      const line = body.slice(start, lineEnd);
      if (maybeFence && FENCE_RE.test(line)) inFence = !inFence;
      else if (!inFence) {
        const task = maybeTask ? TASK_RE.exec(line) : null;
        if (task && task[1] !== " ") ticked.push(normaliseHeading(task[2] as string));
        const heading = maybeHeading ? (HEADING_RE.exec(line) ?? BOLD_HEADING_RE.exec(line)) : null;
        if (heading) {
          const key = matchKnownHeading(heading[1] as string, known);
          if (key !== undefined) {
            open(key, "");
            consumed = true;
          }
        } else if (maybeKeyValue) {
          const kv = KEY_VALUE_RE.exec(line);
          const key = kv ? matchKnownHeading(kv[1] as string, known) : undefined;
          if (kv && key !== undefined) {
            open(key, kv[2] as string);
            consumed = true;
          }
        }
      }
    }
    if (!consumed && current !== undefined) {
      if (from < 0) from = start;
      to = lineEnd;
    }
    start = end + 1;
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
