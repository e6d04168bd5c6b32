/**
 * The plain reading of issue-form answers that `parseSections` must give: every line examined by
 * the regular expressions the line scans replace, every label normalised, nothing indexed or
 * skipped. Slow on hostile text (the expressions backtrack), so only for short random bodies.
 */
import { isAnswered } from "../../src/core/text/parse-sections.ts";

const HEADING_RE = /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/;
const BOLD_HEADING_RE = /^\s{0,3}\*\*(.+?)\*\*\s*[:：]?\s*$/;
const KEY_VALUE_RE = /^\s{0,3}(?:\*\*)?([^:：\n]{2,40}?)(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*(.*)$/u;
const TASK_RE = /^\s*[-*+]\s+\[([ xX])\]\s+(.+)$/;
const FENCE_RE = /^\s{0,3}(```|~~~)/;

/** The normal form of a heading, as written first. */
export function referenceNormalise(text: string): string {
  return text
    .toLowerCase()
    .replace(/[*_`]/g, "")
    .replace(/[\s:：?？.。]+$/, "")
    .replace(/^[\s:：]+/, "")
    .replace(/\s+/g, " ")
    .trim();
}

function referenceMatch(heading: string, known: ReadonlySet<string>): string | undefined {
  const h = referenceNormalise(heading);
  if (known.has(h)) return h;
  for (const k of known) if (h.startsWith(k) && h.length > k.length && !/[\p{L}\p{N}]/u.test(h.charAt(k.length))) return k;
  return undefined;
}

/** Answers by heading and the ticked items, as `parseSections` gives them (and whether each answer is one, as judged on the way). */
export function referenceSections(body: string, known: ReadonlySet<string>): { sections: Map<string, string>; answered: Map<string, boolean>; ticked: string[] } {
  const sections = new Map<string, string>();
  const answered = new Map<string, boolean>();
  const ticked: string[] = [];
  if (body === "") return { sections, answered, ticked };
  let current: string | undefined;
  let lines: string[] = [];
  let inFence = false;
  const close = () => {
    if (current !== undefined && answered.get(current) !== true) {
      const text = lines.join("\n").trim();
      sections.set(current, text);
      answered.set(current, isAnswered(text));
    }
    lines = [];
  };
  for (const raw of body.split("\n")) {
    const line = raw.endsWith("\r") ? raw.slice(0, -1) : raw;
    // Only spaces and tabs before the first character decide what a line may be.
    const c = line.replace(/^[ \t]*/, "").charAt(0);
    let key: string | undefined;
    let firstPart: string | undefined;
    if ("`~".includes(c) && c !== "" && FENCE_RE.test(line)) inFence = !inFence;
    else if (!inFence) {
      const task = "-*+".includes(c) && c !== "" ? TASK_RE.exec(line) : null;
      if (task && task[1] !== " ") ticked.push(referenceNormalise(task[2] as string));
      const heading = "#*".includes(c) && c !== "" ? (HEADING_RE.exec(line)?.[1] ?? BOLD_HEADING_RE.exec(line)?.[1]) : undefined;
      if (heading !== undefined) key = referenceMatch(heading, known);
      else {
        const kv = KEY_VALUE_RE.exec(line);
        key = kv ? referenceMatch(kv[1] as string, known) : undefined;
        if (key !== undefined) firstPart = kv?.[2];
      }
    }
    if (key !== undefined) {
      close();
      current = key;
      if (firstPart !== undefined && firstPart !== "") lines.push(firstPart);
    } else if (current !== undefined) lines.push(raw); // the text keeps its line breaks as written
  }
  close();
  return { sections, answered, ticked };
}
