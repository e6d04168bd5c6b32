/**
 * The hidden key of the tool's comments on Markdown trackers: an HTML comment the tool writes as
 * the very last thing of its own comments. One codec for writing, reading and defusing it, so
 * that text copied from an issue (a title, a field value, a quoted body) can never carry a key.
 */

/** The start of every hidden marker. */
export const MARKER_PREFIX = "<!-- issue-shepherd:";

/** Keys are letters, digits and `- _ . /` (the rule loader enforces the same for comment keys). */
const KEY = /^[A-Za-z0-9._/-]+$/;

/**
 * Render the hidden marker for one key or several (a digest stands for every notice it carries):
 * `<!-- issue-shepherd:k1 k2 -->`. Keys hold no spaces, so a space separates them.
 */
export function renderMarker(keys: string | readonly string[]): string {
  const list = typeof keys === "string" ? [keys] : [...new Set(keys)];
  if (list.length === 0) throw new Error("a hidden marker needs at least one key");
  for (const key of list) {
    if (!KEY.test(key)) throw new Error(`a hidden key may hold only letters, digits and - _ . /, found ${JSON.stringify(key)}`);
  }
  return `${MARKER_PREFIX}${list.join(" ")} -->`;
}

/**
 * The hidden keys of a comment the tool wrote: the marker that ends the body, in the order they
 * were written. A marker anywhere else (quoted by a person, copied from an issue title) is text,
 * not a key. Linear in the body's length: one scan for trailing whitespace, one `lastIndexOf`,
 * one split of the marker.
 */
export function readMarkerKeys(body: string): string[] | undefined {
  let end = body.length;
  while (end > 0 && isSpace(body.charCodeAt(end - 1))) end--;
  const close = " -->";
  if (end < MARKER_PREFIX.length + close.length + 1 || body.slice(end - close.length, end) !== close) return undefined;
  const start = body.lastIndexOf(MARKER_PREFIX, end - close.length - 1);
  if (start < 0) return undefined;
  const keys = body.slice(start + MARKER_PREFIX.length, end - close.length).split(" ");
  return keys.every((key) => KEY.test(key)) ? [...new Set(keys)] : undefined;
}

/** The first hidden key of a comment the tool wrote (see `readMarkerKeys`). */
export function readMarker(body: string): string | undefined {
  return readMarkerKeys(body)?.[0];
}

/** The text of a comment the tool wrote without its trailing marker (the whole text when it has none). */
export function withoutMarker(body: string): string {
  if (readMarkerKeys(body) === undefined) return body;
  return body.slice(0, body.lastIndexOf(MARKER_PREFIX)).trimEnd();
}

const NO_KEYS: readonly string[] = Object.freeze([]);

/** Every hidden key of a comment: `keys` when the reader set it, else the single `key`. */
export function commentKeys(comment: { key?: string | undefined; keys?: readonly string[] | undefined }): readonly string[] {
  if (comment.keys !== undefined && comment.keys.length > 0) return comment.keys;
  // Most comments are people's, without a key: one shared empty list, none allocated per comment.
  return comment.key === undefined ? NO_KEYS : [comment.key];
}

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/**
 * Break every marker in text that is not the tool's own (a zero-width space after `<`), so that
 * the rendered comment shows it as text and no reader takes it for a key.
 */
export function defuseMarkers(text: string): string {
  return text.includes(MARKER_PREFIX) ? text.replaceAll(MARKER_PREFIX, "<\u200B!-- issue-shepherd:") : text;
}

/** Text the tool writes, followed by its hidden keys: markers inside the text are defused first. */
export function withMarker(text: string, keys: string | readonly string[]): string {
  return `${defuseMarkers(text)}\n\n${renderMarker(keys)}`;
}
