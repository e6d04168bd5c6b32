/**
 * Issue-form answers from Markdown: `### Heading` sections (GitHub issue forms, Jira
 * descriptions rendered to text), `Heading: answer` lines in free-form reports, and ticked
 * task-list items. Robust to what people paste: a `###` line inside an answer only starts a new
 * section when it is one of the headings the rules know.
 */

import { headingEnd, headingStart, parseBoldHeading, parseHeadingLine, parseKeyValue, parseTask } from "./parse-lines.ts";
import { hasLineTerminator, isSpaceCode, stripHtmlComments } from "./scan.ts";

export interface ParsedSections {
  /**
   * Answer text by normalised heading (see `normaliseHeading`). Empty answers are "". Whether
   * one is really an answer is for the reader to judge (`isAnswered`), for the headings it asks.
   */
  sections: Map<string, string>;
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
  return matchIn(heading, known, indexFor(known));
}

/** A set of known headings indexed for matching, built once per set (again if it grows or shrinks). */
interface KnownIndex {
  size: number;
  /**
   * The known headings that are their own normal form, by length: a line's text equal to one
   * of them but for ASCII case normalises to it, so it is matched without being normalised.
   */
  exact: Map<number, string[]>;
  /** The known headings by first code unit, in the set's order; undefined when "" is known (a prefix of every line). */
  byFirst: Map<number, string[]> | undefined;
}

const indexes = new WeakMap<ReadonlySet<string>, KnownIndex>();

function indexFor(known: ReadonlySet<string>): KnownIndex {
  let index = indexes.get(known);
  if (index !== undefined && index.size === known.size) return index;
  const exact = new Map<number, string[]>();
  const byFirst = new Map<number, string[]>();
  let all = true;
  for (const k of known) {
    if (k === "") all = false;
    push(byFirst, k.charCodeAt(0), k);
    if (k.toLowerCase() === k && normaliseHeading(k) === k) push(exact, k.length, k);
  }
  index = { size: known.size, exact, byFirst: all ? byFirst : undefined };
  indexes.set(known, index);
  return index;
}

function push(map: Map<number, string[]>, at: number, value: string): void {
  const list = map.get(at);
  if (list === undefined) map.set(at, [value]);
  else list.push(value);
}

/** The known heading that text[from, to) is but for the case of its ASCII letters, if any. */
function exactKnown(text: string, from: number, to: number, index: KnownIndex): string | undefined {
  const list = index.exact.get(to - from);
  if (list === undefined) return undefined;
  next: for (const k of list) {
    for (let i = 0; i < k.length; i++) {
      const a = text.charCodeAt(from + i);
      const b = k.charCodeAt(i);
      if (a !== b && !(a >= 65 && a <= 90 && a + 32 === b)) continue next;
    }
    return k;
  }
  return undefined;
}

/**
 * Can text[from, to) not normalise to a known heading or to one followed by more? Its normal
 * form starts with the first code unit that is not emphasis, space or colon, lower-cased: when
 * that is an ASCII character no known heading starts with (a date, a number), nothing needs
 * normalising.
 */
function startsNoKnown(text: string, from: number, to: number, byFirst: Map<number, string[]>): boolean {
  for (let i = from; i < to; i++) {
    const code = text.charCodeAt(i);
    if (code === 0x2a || code === 0x5f || code === 0x60 || code === 0x3a || code === 0xff1a || isSpaceCode(code)) continue;
    if (code >= 128) return false;
    return !byFirst.has(code >= 65 && code <= 90 ? code + 32 : code);
  }
  // Nothing but emphasis, spaces and colons: the normal form is "", which is not known.
  return true;
}

function matchIn(heading: string, known: ReadonlySet<string>, index: KnownIndex): string | undefined {
  const exact = exactKnown(heading, 0, heading.length, index);
  if (exact !== undefined) return exact;
  const byFirst = index.byFirst;
  if (byFirst !== undefined && startsNoKnown(heading, 0, heading.length, byFirst)) return undefined;
  const h = normaliseHeading(heading);
  if (known.has(h)) return h;
  // The known headings that may be a prefix of `h`: those starting with its first code unit
  // (all of them when "" is known), so an ordinary line is compared with none of them.
  for (const k of byFirst === undefined ? known : (byFirst.get(h.charCodeAt(0)) ?? NONE)) {
    if (h.startsWith(k) && h.length > k.length) {
      const next = h.charAt(k.length);
      if (!/[\p{L}\p{N}]/u.test(next)) return k;
    }
  }
  return undefined;
}

const NONE: readonly string[] = [];

/** body[from, to) without the whitespace around it, as `slice(from, to).trim()` gives it. */
function trimmedSlice(body: string, from: number, to: number): string {
  let a = from;
  let b = to;
  while (a < b && isSpaceCode(body.charCodeAt(a))) a++;
  while (b > a && isSpaceCode(body.charCodeAt(b - 1))) b--;
  return body.slice(a, b);
}

/** The answer `first` (on a "Heading: answer" line) and the lines body[from, to) under it (none when `from` is negative), trimmed. */
function answerText(body: string, first: string, from: number, to: number): string {
  if (from < 0) return first.trim();
  if (first === "") return trimmedSlice(body, from, to);
  const rest = body.slice(from, to);
  return (rest === "" ? first : `${first}\n${rest}`).trim();
}

/**
 * Keep the answer of `key`. The first real answer wins when a heading repeats (a pasted copy
 * of the form further down): only then is an answer judged here, each stored text once however
 * often its heading repeats (in `judged`, made at the first repeat and returned).
 */
function keep(sections: Map<string, string>, judged: Map<string, boolean> | undefined, key: string, body: string, first: string, from: number, to: number): Map<string, boolean> | undefined {
  const stored = sections.get(key);
  if (stored === undefined) {
    sections.set(key, answerText(body, first, from, to));
    return judged;
  }
  const flags = judged ?? new Map<string, boolean>();
  let answered = flags.get(key);
  if (answered === undefined) flags.set(key, (answered = isAnswered(stored)));
  if (!answered) {
    const text = answerText(body, first, from, to);
    sections.set(key, text);
    flags.set(key, isAnswered(text));
  }
  return flags;
}

/**
 * Split a body into answers for the `known` headings (normalised). Unknown headings, and
 * anything inside code fences, stay part of the answer they appear in.
 */
export function parseSections(body: string, known: ReadonlySet<string>): ParsedSections {
  const parsed: ParsedSections = { sections: new Map<string, string>(), ticked: [] };
  if (body === "") return parsed;
  const index = indexFor(known);
  let current: string | undefined;
  // The current answer is body[from, to) plus, for "Heading: answer" lines, a first part.
  let first = "";
  let from = -1;
  let to = -1;
  let inFence = false;
  let judged: Map<string, boolean> | undefined;
  let start = 0;
  let colon = body.indexOf(":");
  let wide = body.indexOf("：");
  while (start <= body.length) {
    let end = body.indexOf("\n", start);
    if (end < 0) end = body.length;
    const lineEnd = end > start && body.charCodeAt(end - 1) === 13 ? end - 1 : end;
    // Cheap first-character checks keep the scans off ordinary lines.
    let i = start;
    while (i < lineEnd && (body.charCodeAt(i) === 32 || body.charCodeAt(i) === 9)) i++;
    const c = i < lineEnd ? body.charCodeAt(i) : -1;
    const maybeTask = c === 0x2d || c === 0x2a || c === 0x2b;
    const maybeFence = c === 0x60 || c === 0x7e;
    // Next colon positions are remembered, so the scan stays linear in the body's length.
    if (colon !== -1 && colon < start) colon = body.indexOf(":", start);
    if (wide !== -1 && wide < start) wide = body.indexOf("：", start);
    const maybeKeyValue = (colon >= 0 && colon < lineEnd) || (wide >= 0 && wide < lineEnd);
    let consumed = false;
    if (c === 0x23 || maybeTask || maybeFence || maybeKeyValue) {
      // The line is sliced only when it is read as a string; headings are read in place.
      let line: string | undefined;
      if (maybeFence && FENCE_RE.test((line = body.slice(start, lineEnd)))) inFence = !inFence;
      else if (!inFence) {
        let key: string | undefined;
        let firstPart = "";
        let heading = false;
        if (c === 0x23) {
          const s = headingStart(body, start, lineEnd);
          if (s >= 0) {
            const e = headingEnd(body, start, s, lineEnd);
            // A known heading holds no line terminator: text equal to one is a heading.
            key = exactKnown(body, s, e, index);
            heading = key !== undefined || !hasLineTerminator(body, s, e);
            if (key === undefined && heading) key = matchIn(body.slice(s, e), known, index);
          }
        } else if (maybeTask) {
          line ??= body.slice(start, lineEnd);
          const task = parseTask(line);
          if (task && task[0] !== " ") parsed.ticked.push(normaliseHeading(task[1]));
          const bold = c === 0x2a ? parseBoldHeading(line) : undefined;
          if (bold !== undefined) {
            heading = true;
            key = matchIn(bold, known, index);
          }
        }
        // The label's normal form starts as the line does: a line that cannot start a known
        // heading ("2026-03-11 09:05") is not read as "Label: answer" at all.
        if (!heading && maybeKeyValue && (index.byFirst === undefined || !startsNoKnown(body, start, lineEnd, index.byFirst))) {
          const kv = parseKeyValue((line ??= body.slice(start, lineEnd)));
          if (kv !== undefined) {
            key = matchIn(kv[0], known, index);
            firstPart = kv[1];
          }
        }
        if (key !== undefined) {
          if (current !== undefined) judged = keep(parsed.sections, judged, current, body, first, from, to);
          current = key;
          first = firstPart;
          from = -1;
          consumed = true;
        }
      }
    }
    if (!consumed && current !== undefined) {
      if (from < 0) from = start;
      to = lineEnd;
    }
    start = end + 1;
  }
  if (current !== undefined) keep(parsed.sections, judged, current, body, first, from, to);
  return parsed;
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
