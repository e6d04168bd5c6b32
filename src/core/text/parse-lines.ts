/**
 * Lines of issue forms (headings, bold headings, `Label: answer`, task items), read by scans
 * that give exactly what these regular expressions give (group 1, group 2), in one pass:
 *   heading    /^\s{0,3}#{1,6}\s+(.+?)\s*#*\s*$/
 *   bold       /^\s{0,3}\*\*(.+?)\*\*\s*[:：]?\s*$/
 *   key-value  /^\s{0,3}(?:\*\*)?([^:：\n]{2,40}?)(?:\*\*)?\s*[:：]\s*(?:\*\*)?\s*(.*)$/u
 *   task       /^\s*[-*+]\s+\[([ xX])\]\s+(.+)$/
 * As regular expressions their overlapping `\s` runs backtrack polynomially: `# x`, 60,000
 * spaces and `y` took minutes. The tests check the scans against the expressions on random lines.
 */
import { hasLineTerminator, isLineTerminatorCode, isSpaceCode, skipSpaces, skipSpacesBack } from "./scan.ts";

/** Start of a line's first non-space code unit, when it is within the first `max` code units. */
function indentAtMost(line: string, max: number): number {
  const i = skipSpaces(line, 0);
  return i <= max ? i : -1;
}

/** The text of an ATX heading line (`### Text ##`), or undefined. */
export function parseHeadingLine(line: string): string | undefined {
  const s = headingStart(line, 0, line.length);
  if (s < 0) return undefined;
  // The text may not cross a line terminator.
  const end = headingEnd(line, 0, s, line.length);
  return hasLineTerminator(line, s, end) ? undefined : line.slice(s, end);
}

/**
 * Where the text of the ATX heading line text[from, to) starts, or -1 when the line is no
 * heading: `parseHeadingLine` on a line of a longer text, so that no line needs slicing to be read.
 */
export function headingStart(text: string, from: number, to: number): number {
  let k = from;
  while (k < to && isSpaceCode(text.charCodeAt(k))) k++;
  if (k - from > 3) return -1;
  let p = k;
  while (p < to && text.charCodeAt(p) === 0x23) p++;
  if (p === k || p - k > 6 || p >= to || !isSpaceCode(text.charCodeAt(p))) return -1;
  let s = p;
  while (s < to && isSpaceCode(text.charCodeAt(s))) s++;
  if (s < to) return s;
  // Only spaces after the hashes: the text is the last of them that a `.` can match.
  for (let i = to - 1; i > p; i--) if (!isLineTerminatorCode(text.charCodeAt(i))) return i;
  return -1;
}

/**
 * Where the heading text that starts at `s` (see `headingStart`) ends. The line is a heading
 * only when text[s, end) holds no line terminator: the caller checks (see `parseHeadingLine`).
 */
export function headingEnd(text: string, from: number, s: number, to: number): number {
  // The closing `\s*#*\s*` is the longest such suffix.
  let e = to;
  while (e > from && isSpaceCode(text.charCodeAt(e - 1))) e--;
  while (e > from && text.charCodeAt(e - 1) === 0x23) e--;
  while (e > from && isSpaceCode(text.charCodeAt(e - 1))) e--;
  return Math.max(s + 1, e);
}

/** The text of a bold heading line (`**Text**:`), or undefined. */
export function parseBoldHeading(line: string): string | undefined {
  const k = indentAtMost(line, 3);
  if (k < 0 || !line.startsWith("**", k)) return undefined;
  const s = k + 2;
  // The closing `**` sits right before the longest `\s*[:：]?\s*` suffix.
  let f = skipSpacesBack(line, line.length);
  if (f > 0 && (line.charCodeAt(f - 1) === 0x3a || line.charCodeAt(f - 1) === 0xff1a)) f = skipSpacesBack(line, f - 1);
  const e = f - 2;
  if (e < s + 1 || !line.startsWith("**", e) || hasLineTerminator(line, s, e)) return undefined;
  return line.slice(s, e);
}

/** The label of a `Label: answer` line: at most 40 characters, so only a short head is examined. */
const KEY_HEAD_RE = /^\s{0,3}(?:\*\*)?([^:：\n]{2,40}?)(?:\*\*)?\s*$/u;

/** Label and answer of a `Label: answer` line, or undefined. */
export function parseKeyValue(line: string): [string, string] | undefined {
  let colon = -1;
  for (let i = 0; i < line.length; i++) {
    const code = line.charCodeAt(i);
    if (code === 0x3a || code === 0xff1a) {
      colon = i;
      break;
    }
  }
  if (colon < 0) return undefined;
  // The label part is at most 3 + 2 + 40 code points (80 code units) + 2 before the spaces.
  const headEnd = skipSpacesBack(line, colon);
  if (headEnd > 100) return undefined;
  const head = KEY_HEAD_RE.exec(line.slice(0, Math.min(colon, headEnd + 100)));
  if (head === null) return undefined;
  let r = skipSpaces(line, colon + 1);
  if (line.startsWith("**", r)) r = skipSpaces(line, r + 2);
  if (hasLineTerminator(line, r)) return undefined;
  return [head[1] as string, line.slice(r)];
}

/** Mark (` `, `x`, `X`) and text of a task-list line (`- [x] text`), or undefined. */
export function parseTask(line: string): [string, string] | undefined {
  const k = skipSpaces(line, 0);
  const bullet = line.charCodeAt(k);
  if (bullet !== 0x2d && bullet !== 0x2a && bullet !== 0x2b) return undefined;
  const open = skipSpaces(line, k + 1);
  if (open === k + 1 || line.charCodeAt(open) !== 0x5b || line.charCodeAt(open + 2) !== 0x5d) return undefined;
  const mark = line.charAt(open + 1);
  if (mark !== " " && mark !== "x" && mark !== "X") return undefined;
  const b = open + 3;
  const s = skipSpaces(line, b);
  if (s === b) return undefined;
  if (s < line.length) return hasLineTerminator(line, s) ? undefined : [mark, line.slice(s)];
  // Only spaces after the box: the text is the last of them, if a `.` can match it.
  const last = line.length - 1;
  return s - b >= 2 && !isLineTerminatorCode(line.charCodeAt(last)) ? [mark, line.charAt(last)] : undefined;
}
