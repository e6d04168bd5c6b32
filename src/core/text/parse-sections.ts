/**
 * Issue-form answers from Markdown: `### Heading` sections (GitHub issue forms, Jira
 * descriptions rendered to text), `Heading: answer` lines in free-form reports, and ticked
 * task-list items. Robust to what people paste: a `###` line inside an answer only starts a new
 * section when it is one of the headings the rules know.
 */

import { parseBoldHeading, parseHeadingLine, parseKeyValue, parseTask } from "./parse-lines.ts";
import { isSpaceCode, stripHtmlComments } from "./scan.ts";

export interface ParsedSections {
  /** Answer text by normalised heading (see `normaliseHeading`). Empty answers are "". */
  sections: Map<string, string>;
  /** Whether each answer in `sections` is really an answer (`isAnswered`), judged once. */
  answered: Map<string, boolean>;
  /** Ticked task-list items' text, normalised. */
  ticked: string[];
}

const normalised = new Map<string, string>();

/** Lower-case, trim punctuation and emphasis around a heading, fold full-width colons. */
export function normaliseHeading(text: string): string {
  // Form headings repeat across every issue: remember them (bounded in number and in size, so a
  // huge pasted "heading" is not kept).
  const known = normalised.get(text);
  if (known !== undefined) return known;
  const result = normaliseUncached(text);
  if (text.length > 200) return result;
  if (normalised.size > 5_000) normalised.clear();
  normalised.set(text, result);
  return result;
}

const isTrailingPunctuation = (code: number): boolean =>
  isSpaceCode(code) || code === 0x3a || code === 0xff1a || code === 0x3f || code === 0xff1f || code === 0x2e || code === 0x3002;

function normaliseUncached(text: string): string {
  const lower = text.toLowerCase().replace(/[*_`]/g, "");
  // Trailing `[\s:：?？.。]+` and leading `[\s:：]+` are cut by scans: as regular expressions
  // anchored at the end they retry at every position of a long run of spaces.
  let end = lower.length;
  while (end > 0 && isTrailingPunctuation(lower.charCodeAt(end - 1))) end--;
  let start = 0;
  while (start < end && (isSpaceCode(lower.charCodeAt(start)) || lower.charCodeAt(start) === 0x3a || lower.charCodeAt(start) === 0xff1a)) start++;
  return lower.slice(start, end).replace(/\s+/g, " ").trim();
}

/** Placeholders that issue forms and people write for "no answer". */
const EMPTY_ANSWERS = new Set(["_no response_", "no response", "n/a", "na", "none", "-", "--", "tbd", "todo", "无", "暂无", "不知道", "?", "？", "..."]);

/** Is this answer text really an answer? */
export function isAnswered(text: string | undefined): boolean {
  if (text === undefined) return false;
  const trimmed = stripHtmlComments(text).trim();
  if (trimmed === "") return false;
  if (trimmed.length <= 16) return !EMPTY_ANSWERS.has(trimmed.toLowerCase());
  // Longer text may still hold nothing but an unknown form heading and placeholders, e.g.
  // "_No response_ / ### Additional context / _No response_": an answer needs one real line.
  if (!trimmed.includes("#") && !trimmed.includes("_No response_")) return true;
  return trimmed.split(/\r?\n/).some((line) => {
    const l = line.trim();
    return l !== "" && parseHeadingLine(l) === undefined && !EMPTY_ANSWERS.has(l.toLowerCase());
  });
}

const FENCE_RE = /^\s{0,3}(```|~~~)/;

/**
 * Does a heading line name one of the known headings? Known headings match exactly, or as a
 * prefix followed by a non-letter ("Environment (OS, browser)").
 */
export function matchKnownHeading(heading: string, known: ReadonlySet<string>): string | undefined {
  const h = normaliseHeading(heading);
  if (known.has(h)) return h;
  for (const k of prefixCandidates(h, known)) {
    if (h.startsWith(k) && h.length > k.length) {
      const next = h.charAt(k.length);
      if (!/[\p{L}\p{N}]/u.test(next)) return k;
    }
  }
  return undefined;
}

/** The known headings of a set by their first code unit, in the set's order (built once per set). */
const byFirstUnit = new WeakMap<ReadonlySet<string>, { size: number; index: Map<number, string[]> | undefined }>();

/**
 * The known headings that may be a prefix of `h`: those starting with its first code unit, in
 * the set's order. An ordinary line ("2026-03-11 09:05") is then compared with none of them.
 */
function prefixCandidates(h: string, known: ReadonlySet<string>): Iterable<string> {
  let entry = byFirstUnit.get(known);
  if (entry === undefined || entry.size !== known.size) {
    const index = new Map<number, string[]>();
    let all = true;
    for (const k of known) {
      // The empty heading is a prefix of every line: that set is searched whole.
      if (k === "") all = false;
      const list = index.get(k.charCodeAt(0));
      if (list === undefined) index.set(k.charCodeAt(0), [k]);
      else list.push(k);
    }
    entry = { size: known.size, index: all ? index : undefined };
    byFirstUnit.set(known, entry);
  }
  if (entry.index === undefined) return known;
  return entry.index.get(h.charCodeAt(0)) ?? NONE;
}

const NONE: readonly string[] = [];

/**
 * Split a body into answers for the `known` headings (normalised). Unknown headings, and
 * anything inside code fences, stay part of the answer they appear in.
 */
export function parseSections(body: string, known: ReadonlySet<string>): ParsedSections {
  const sections = new Map<string, string>();
  const ticked: string[] = [];
  // Whether each stored answer is an answer, so a heading repeated many times does not judge a
  // long stored text again each time (and the reader does not judge it again either).
  const answered = new Map<string, boolean>();
  if (body === "") return { sections, answered, ticked };
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
      if (answered.get(current) !== true) {
        sections.set(current, text);
        answered.set(current, isAnswered(text));
      }
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
        const task = maybeTask ? parseTask(line) : undefined;
        if (task && task[0] !== " ") ticked.push(normaliseHeading(task[1]));
        const heading = maybeHeading ? (parseHeadingLine(line) ?? parseBoldHeading(line)) : undefined;
        if (heading !== undefined) {
          const key = matchKnownHeading(heading, known);
          if (key !== undefined) {
            open(key, "");
            consumed = true;
          }
        } else if (maybeKeyValue) {
          const kv = parseKeyValue(line);
          const key = kv ? matchKnownHeading(kv[0], known) : undefined;
          if (kv && key !== undefined) {
            open(key, kv[1]);
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
  return { sections, answered, ticked };
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
