/**
 * The hidden key of the tool's comments on Markdown trackers: an HTML comment the tool writes as
 * the very last thing of its own comments. One codec for writing, reading and defusing it, so
 * that text copied from an issue (a title, a field value, a quoted body) can never carry a key.
 */

/** The start of every hidden marker. */
export const MARKER_PREFIX = "<!-- issue-shepherd:";

/** Keys are letters, digits and `- _ . /` (the rule loader enforces the same for comment keys). */
const KEY = /^[A-Za-z0-9._/-]+$/;

/** Render the hidden marker for a key. */
export function renderMarker(key: string): string {
  if (!KEY.test(key)) throw new Error(`a hidden key may hold only letters, digits and - _ . /, found ${JSON.stringify(key)}`);
  return `${MARKER_PREFIX}${key} -->`;
}

/**
 * The hidden key of a comment the tool wrote: the marker that ends the body. A marker anywhere
 * else (quoted by a person, copied from an issue title) is text, not a key. Linear in the body's
 * length: one scan for trailing whitespace, one `lastIndexOf`.
 */
export function readMarker(body: string): string | undefined {
  let end = body.length;
  while (end > 0 && isSpace(body.charCodeAt(end - 1))) end--;
  const close = " -->";
  if (end < MARKER_PREFIX.length + close.length + 1 || body.slice(end - close.length, end) !== close) return undefined;
  const start = body.lastIndexOf(MARKER_PREFIX, end - close.length - 1);
  if (start < 0) return undefined;
  const key = body.slice(start + MARKER_PREFIX.length, end - close.length);
  return KEY.test(key) ? key : undefined;
}

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * Break every marker in text that is not the tool's own (a zero-width space after `<`), so that
 * the rendered comment shows it as text and no reader takes it for a key.
 */
export function defuseMarkers(text: string): string {
  return text.includes(MARKER_PREFIX) ? text.replaceAll(MARKER_PREFIX, "<\u200B!-- issue-shepherd:") : text;
}

/** Text the tool writes, followed by its hidden key: markers inside the text are defused first. */
export function withMarker(text: string, key: string): string {
  return `${defuseMarkers(text)}\n\n${renderMarker(key)}`;
}
