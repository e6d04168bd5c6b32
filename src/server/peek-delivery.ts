/**
 * What the accept of a Jira delivery needs from its body, read in one pass over the raw bytes:
 * the event, the issue key, who caused it (for the tool's own changes) and the issue event type
 * (for the log). Nothing else of the payload is used — the run re-reads the issue from Jira — so
 * nothing else is decoded: the pass checks the JSON grammar (brackets, strings, separators,
 * literals, numbers, no control characters in strings) and steps over the text of every other
 * string without decoding it. It answers what `parseDelivery` answers for these fields; the one
 * leniency is the escapes of strings it does not decode (`\x` there is not checked). Linear in the
 * body, nesting depth included (an explicit stack, not recursion). Never throws.
 */
import { HANDLED_EVENTS } from "../jira/webhook/parse-delivery.ts";

/** The accept's view of a delivery. */
export type PeekedDelivery =
  | { kind: "issue"; event: string; issue: string; actor: string | undefined; issueEventType: string | undefined }
  | { kind: "ignored"; event: string; reason: "unsupported_event" }
  | { kind: "malformed"; error: string };

// What a member's value means, by its path (0: nothing the accept reads).
const SKIP = 0;
const ROOT = 1;
const ISSUE = 2;
const USER = 3;
const COMMENT = 4;
const UPDATE_AUTHOR = 5;
const AUTHOR = 6;
const EVENT = 10;
const EVENT_TYPE = 11;
const ISSUE_KEY = 12;
const ISSUE_ID = 13;
const USER_ID = 14;
const UPDATE_AUTHOR_ID = 15;
const AUTHOR_ID = 16;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/** Keys read in each object of interest, and what their values mean. */
const MEMBERS = new Map<number, ReadonlyMap<string, number>>([
  [ROOT, new Map([["webhookEvent", EVENT], ["issue_event_type_name", EVENT_TYPE], ["issue", ISSUE], ["user", USER], ["comment", COMMENT]])],
  [ISSUE, new Map([["key", ISSUE_KEY], ["id", ISSUE_ID]])],
  [USER, new Map([["accountId", USER_ID]])],
  [COMMENT, new Map([["updateAuthor", UPDATE_AUTHOR], ["author", AUTHOR]])],
  [UPDATE_AUTHOR, new Map([["accountId", UPDATE_AUTHOR_ID]])],
  [AUTHOR, new Map([["accountId", AUTHOR_ID]])],
]);
const ISSUE_KEY_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_]*-\d+$|^\d+$/;

const isSpace = (byte: number | undefined): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/**
 * Index of the quote closing the string opened at `start`, or -1 when it is not closed or holds a
 * control character. A loop over the bytes: cheaper than a native search per string.
 */
function stringEnd(bytes: Buffer, start: number): number {
  const length = bytes.length;
  for (let at = start + 1; at < length; at++) {
    const byte = bytes[at] as number;
    if (byte === QUOTE) return at;
    if (byte === BACKSLASH) at += 1;
    else if (byte < 0x20) return -1;
  }
  return -1;
}

const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x30 && byte <= 0x39;

/** End of the JSON number that starts at `start`, or -1 when it is not one. */
function numberEnd(bytes: Buffer, start: number): number {
  let at = start;
  if (bytes[at] === 0x2d) at += 1;
  if (bytes[at] === 0x30) at += 1;
  else if (isDigit(bytes[at])) while (isDigit(bytes[at])) at += 1;
  else return -1;
  if (bytes[at] === 0x2e) {
    at += 1;
    if (!isDigit(bytes[at])) return -1;
    while (isDigit(bytes[at])) at += 1;
  }
  if (bytes[at] === 0x65 || bytes[at] === 0x45) {
    at += 1;
    if (bytes[at] === 0x2b || bytes[at] === 0x2d) at += 1;
    if (!isDigit(bytes[at])) return -1;
    while (isDigit(bytes[at])) at += 1;
  }
  return at;
}

/** End of the literal `word` at `start`, or -1. */
function literalEnd(bytes: Buffer, start: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (bytes[start + k] !== word.charCodeAt(k)) return -1;
  return start + word.length;
}

/** What the value of the key between the quotes at `start` and `end` means, compared byte by byte (an escaped key is decoded). */
function memberMeaning(bytes: Buffer, start: number, end: number, members: ReadonlyMap<string, number>): number {
  const length = end - start - 1;
  for (const [name, meaning] of members) {
    if (name.length !== length) continue;
    let same = true;
    for (let k = 0; k < length && same; k++) same = bytes[start + 1 + k] === name.charCodeAt(k);
    if (same) return meaning;
  }
  if (bytes.lastIndexOf(BACKSLASH, end) < start) return SKIP;
  return members.get(stringText(bytes, start, end) ?? "") ?? SKIP;
}

/** The text of the string between the quotes at `start` and `end`; undefined when its escapes are not JSON. */
function stringText(bytes: Buffer, start: number, end: number): string | undefined {
  let escaped = false;
  for (let at = start + 1; at < end && !escaped; at++) escaped = bytes[at] === BACKSLASH;
  if (!escaped) return bytes.toString("utf8", start + 1, end);
  try {
    return JSON.parse(bytes.toString("utf8", start, end + 1)) as string;
  } catch {
    return undefined;
  }
}

const invalid = { kind: "malformed", error: "the body is not valid JSON" } as const;

/** Read the accept's fields of a signed delivery body. */
export function peekDelivery(body: Uint8Array): PeekedDelivery {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const found: (string | undefined)[] = [];
  /** Per open container: its meaning, negative for an array. */
  const stack: number[] = [];
  let i = 0;
  const length = bytes.length;
  while (isSpace(bytes[i])) i += 1;
  if (bytes[i] !== 0x7b) return i < length && readsAsValue(bytes, i) ? { kind: "malformed", error: "the body is not a JSON object" } : invalid;
  /** What the next value means (set by its key). */
  let meaning = ROOT;
  // States: 0 a value is expected, 1 a key or `}`, 2 a key, 3 `:`, 4 `,` or the container's end, 5 a value or `]`.
  let state = 0;
  while (i < length) {
    const byte = bytes[i];
    if (isSpace(byte)) {
      i += 1;
      continue;
    }
    if (state === 4) {
      const top = stack[stack.length - 1];
      if (top === undefined) return invalid; // text after the body's object
      if (byte === 0x2c) {
        state = top < 0 ? 0 : 2;
        meaning = top < 0 ? SKIP : meaning;
      } else if (byte === (top < 0 ? 0x5d : 0x7d)) {
        stack.pop();
      } else return invalid;
      i += 1;
      continue;
    }
    if (state === 3) {
      if (byte !== 0x3a) return invalid;
      state = 0;
      i += 1;
      continue;
    }
    if (state === 1 || state === 2) {
      if (byte === 0x7d && state === 1) {
        stack.pop();
        state = 4;
        i += 1;
        continue;
      }
      if (byte !== QUOTE) return invalid;
      const end = stringEnd(bytes, i);
      if (end < 0) return invalid;
      const parent = stack[stack.length - 1] ?? SKIP;
      meaning = SKIP;
      const members = MEMBERS.get(parent);
      if (members !== undefined) meaning = memberMeaning(bytes, i, end, members);
      if (meaning === ISSUE) found[ISSUE_KEY] = found[ISSUE_ID] = undefined;
      else if (meaning === USER) found[USER_ID] = undefined;
      else if (meaning === COMMENT) found[UPDATE_AUTHOR_ID] = found[AUTHOR_ID] = undefined;
      else if (meaning === UPDATE_AUTHOR) found[UPDATE_AUTHOR_ID] = undefined;
      else if (meaning === AUTHOR) found[AUTHOR_ID] = undefined;
      state = 3;
      i = end + 1;
      continue;
    }
    // A value (state 0), or a value or `]` (state 5).
    if (byte === 0x5d && state === 5) {
      stack.pop();
      state = 4;
      i += 1;
      continue;
    }
    if (byte === 0x7b) {
      stack.push(meaning < EVENT ? meaning : SKIP);
      state = 1;
      i += 1;
      continue;
    }
    if (byte === 0x5b) {
      stack.push(-1);
      meaning = SKIP;
      state = 5;
      i += 1;
      continue;
    }
    if (byte === QUOTE) {
      const end = stringEnd(bytes, i);
      if (end < 0) return invalid;
      if (meaning >= EVENT) {
        const text = stringText(bytes, i, end);
        if (text === undefined) return invalid;
        found[meaning] = text === "" ? undefined : text;
      }
      state = 4;
      i = end + 1;
      continue;
    }
    const end = byte === 0x74 ? literalEnd(bytes, i, "true") : byte === 0x66 ? literalEnd(bytes, i, "false") : byte === 0x6e ? literalEnd(bytes, i, "null") : numberEnd(bytes, i);
    if (end < 0) return invalid;
    if (meaning >= EVENT) {
      const number = isDigit(byte) || byte === 0x2d ? Number(bytes.toString("latin1", i, end)) : Number.NaN;
      found[meaning] = Number.isFinite(number) ? String(number) : undefined;
    }
    state = 4;
    i = end;
  }
  if (stack.length > 0 || state !== 4) return invalid;
  return deliveryOf(found);
}

/** Whether the body starts a JSON value other than an object (then it is "not an object", as JSON.parse would find). */
function readsAsValue(bytes: Buffer, start: number): boolean {
  try {
    JSON.parse(bytes.toString("utf8", start));
    return true;
  } catch {
    return false;
  }
}

function deliveryOf(found: readonly (string | undefined)[]): PeekedDelivery {
  const event = found[EVENT];
  if (event === undefined) return { kind: "malformed", error: "the body has no webhookEvent" };
  if (!HANDLED_EVENTS.has(event)) return { kind: "ignored", event, reason: "unsupported_event" };
  const key = found[ISSUE_KEY] ?? found[ISSUE_ID];
  if (key === undefined) return { kind: "malformed", error: `a ${event} delivery without issue.key` };
  if (!ISSUE_KEY_SHAPE.test(key)) return { kind: "malformed", error: "issue.key is not an issue key" };
  // A deletion names no one reliably (the author is who wrote the comment, not who removed it).
  const actor = event === "comment_deleted" ? undefined : (found[USER_ID] ?? found[UPDATE_AUTHOR_ID] ?? found[AUTHOR_ID]);
  return { kind: "issue", event, issue: key.toUpperCase(), actor, issueEventType: found[EVENT_TYPE] };
}
