/**
 * Character scans for text taken from issues. Issue text is hostile: a regular expression with
 * overlapping quantifiers or a lazy scan that restarts at every position turns a 60,000-space
 * line into minutes of work. These helpers are single passes, so everything built on them is
 * linear in the text's length.
 */

/** Is this UTF-16 code unit matched by JavaScript's `\s`? */
export function isSpaceCode(code: number): boolean {
  if (code <= 32) return code === 32 || (code >= 9 && code <= 13);
  if (code < 0xa0) return false;
  return (
    code === 0xa0 ||
    code === 0x1680 ||
    (code >= 0x2000 && code <= 0x200a) ||
    code === 0x2028 ||
    code === 0x2029 ||
    code === 0x202f ||
    code === 0x205f ||
    code === 0x3000 ||
    code === 0xfeff
  );
}

/** Is this code unit a line terminator (what `.` in a regular expression does not match)? */
export const isLineTerminatorCode = (code: number): boolean => code === 10 || code === 13 || code === 0x2028 || code === 0x2029;

/** Index of the first code unit at or after `from` that is not `\s` whitespace (or `text.length`). */
export function skipSpaces(text: string, from: number): number {
  let i = from;
  while (i < text.length && isSpaceCode(text.charCodeAt(i))) i++;
  return i;
}

/** Index just after the last non-whitespace code unit before `end`. */
export function skipSpacesBack(text: string, end: number): number {
  let i = end;
  while (i > 0 && isSpaceCode(text.charCodeAt(i - 1))) i--;
  return i;
}

/** Does text[from, to) hold a line terminator? */
export function hasLineTerminator(text: string, from: number, to: number = text.length): boolean {
  for (let i = from; i < to; i++) if (isLineTerminatorCode(text.charCodeAt(i))) return true;
  return false;
}

/**
 * Remove HTML comments (`<!-- … -->`), as `text.replace(/<!--[\s\S]*?-->/g, "")` does, in one
 * pass: that expression scans to the end of the text again for every `<!--` without a `-->`.
 */
export function stripHtmlComments(text: string): string {
  let open = text.indexOf("<!--");
  if (open < 0) return text;
  let out = "";
  let from = 0;
  while (open >= 0) {
    const close = text.indexOf("-->", open + 4);
    // No `-->` after this `<!--` means none after any later one either: the rest stays as it is.
    if (close < 0) break;
    out += text.slice(from, open);
    from = close + 3;
    open = text.indexOf("<!--", from);
  }
  return out + text.slice(from);
}
