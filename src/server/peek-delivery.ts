/**
 * What the accept of a Jira delivery needs from its body, read in one pass over the raw bytes:
 * the event, the issue key, who caused it (for the tool's own changes) and the issue event type
 * (for the log). Nothing else of the payload is used — the run re-reads the issue from Jira — so
 * nothing else is decoded: the pass checks the JSON grammar (brackets, strings, separators,
 * literals, numbers, no control characters in strings) and steps over the text of every other
 * string without decoding it (four bytes at a time: strings are most of the bytes). It answers
 * what `parseDelivery` answers for these fields; the one leniency is the escapes of strings it
 * does not decode (`\x` there is not checked). Linear in the body, nesting depth included (an
 * explicit stack, not recursion). Never throws.
 */
import { HANDLED_EVENTS } from "../jira/webhook/parse-delivery.ts";
import { hasEscape, isDigit, literalEnd, numberEnd, QUOTE, stringEnd, stringText } from "./json-tokens.ts";

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

/** The keys read in an object of interest, and what their values mean. */
interface Members {
  names: readonly string[];
  meanings: readonly number[];
  byName: ReadonlyMap<string, number>;
}
const members = (entries: readonly (readonly [string, number])[]): Members => ({ names: entries.map(([name]) => name), meanings: entries.map(([, meaning]) => meaning), byName: new Map(entries) });
/** By the meaning of the object (an index); undefined for objects the accept reads nothing of. */
const MEMBERS: readonly (Members | undefined)[] = [
  undefined,
  members([["webhookEvent", EVENT], ["issue_event_type_name", EVENT_TYPE], ["issue", ISSUE], ["user", USER], ["comment", COMMENT]]),
  members([["key", ISSUE_KEY], ["id", ISSUE_ID]]),
  members([["accountId", USER_ID]]),
  members([["updateAuthor", UPDATE_AUTHOR], ["author", AUTHOR]]),
  members([["accountId", UPDATE_AUTHOR_ID]]),
  members([["accountId", AUTHOR_ID]]),
];
const ISSUE_KEY_SHAPE = /^[A-Za-z0-9][A-Za-z0-9_]*-\d+$|^\d+$/;

// One comparison for most bytes (above the space), four for the rest.
const isSpace = (byte: number | undefined): boolean => byte !== undefined && byte <= 0x20 && (byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09);

/** What the value of the key between the quotes at `start` and `end` means, compared byte by byte (an escaped key is decoded). */
function memberMeaning(bytes: Buffer, start: number, end: number, of: Members): number {
  const length = end - start - 1;
  const { names } = of;
  for (let n = 0; n < names.length; n++) {
    const name = names[n] as string;
    if (name.length !== length) continue;
    let same = true;
    for (let k = 0; k < length && same; k++) same = bytes[start + 1 + k] === name.charCodeAt(k);
    if (same) return of.meanings[n] as number;
  }
  if (!hasEscape(bytes, start, end)) return SKIP;
  return of.byName.get(stringText(bytes, start, end) ?? "") ?? SKIP;
}

const invalid = { kind: "malformed", error: "the body is not valid JSON" } as const;

/** Read the accept's fields of a signed delivery body. */
export function peekDelivery(body: Uint8Array): PeekedDelivery {
  const bytes = Buffer.isBuffer(body) ? body : Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  const length = bytes.length;
  let i = 0;
  while (isSpace(bytes[i])) i += 1;
  if (bytes[i] !== 0x7b) return i < length && readsAsValue(bytes, i) ? { kind: "malformed", error: "the body is not a JSON object" } : invalid;
  // The body as 32-bit words from its first aligned byte, for `stringEnd`.
  const head = Math.min(length, (4 - (bytes.byteOffset & 3)) & 3);
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + head, (length - head) >> 2);
  const found: (string | undefined)[] = [];
  /** Per open container: its meaning, negative for an array. */
  const stack: number[] = [];
  /** What the next value means (set by its key). */
  let meaning = ROOT;
  let key = false;
  for (;;) {
    // Past the end reads -1, not undefined: every body ends here, and reads past a typed array's
    // end would slow every read of this line.
    let byte = i < length ? (bytes[i] as number) : -1;
    while (isSpace(byte)) byte = ++i < length ? (bytes[i] as number) : -1;
    if (key) {
      if (byte !== QUOTE) return invalid;
      const end = stringEnd(bytes, words, head, i);
      if (end < 0) return invalid;
      const of = MEMBERS[stack[stack.length - 1] as number];
      meaning = of === undefined ? SKIP : memberMeaning(bytes, i, end, of);
      if (meaning !== SKIP) forget(found, meaning);
      i = end + 1;
      while (isSpace(bytes[i])) i += 1;
      if (bytes[i] !== 0x3a) return invalid;
      i += 1;
      key = false;
      continue;
    }
    if (byte === QUOTE) {
      const end = stringEnd(bytes, words, head, i);
      if (end < 0) return invalid;
      if (meaning >= EVENT) {
        const value = stringText(bytes, i, end);
        if (value === undefined) return invalid;
        found[meaning] = value === "" ? undefined : value;
      }
      i = end + 1;
    } else if (byte === 0x7b || byte === 0x5b) {
      const close = byte === 0x7b ? 0x7d : 0x5d;
      i += 1;
      while (isSpace(bytes[i])) i += 1;
      if (bytes[i] !== close) {
        if (byte === 0x7b) {
          stack.push(meaning < EVENT ? meaning : SKIP);
          key = true;
        } else {
          stack.push(-1);
          meaning = SKIP;
        }
        continue;
      }
      i += 1;
    } else {
      const end = byte === 0x74 ? literalEnd(bytes, i, "true") : byte === 0x66 ? literalEnd(bytes, i, "false") : byte === 0x6e ? literalEnd(bytes, i, "null") : numberEnd(bytes, i);
      if (end < 0) return invalid;
      if (meaning >= EVENT) {
        const number = isDigit(byte) || byte === 0x2d ? Number(bytes.toString("latin1", i, end)) : Number.NaN;
        found[meaning] = Number.isFinite(number) ? String(number) : undefined;
      }
      i = end;
    }
    // After a value: a `,` (then a key, or a value in an array) or the ends of open containers.
    for (;;) {
      byte = i < length ? (bytes[i] as number) : -1;
      while (isSpace(byte)) byte = ++i < length ? (bytes[i] as number) : -1;
      const depth = stack.length;
      if (depth === 0) return i === length ? deliveryOf(found) : invalid; // nothing may follow the body's object
      const top = stack[depth - 1] as number;
      i += 1;
      if (byte === 0x2c) {
        meaning = SKIP;
        key = top >= 0;
        break;
      }
      if (byte !== (top < 0 ? 0x5d : 0x7d)) return invalid;
      stack.pop();
    }
  }
}

/**
 * A key of interest was read: what its earlier copy (a duplicate key: the last one counts) left
 * is forgotten — its own value, or the values read inside the object it held.
 */
function forget(found: (string | undefined)[], meaning: number): void {
  if (meaning >= EVENT) found[meaning] = undefined;
  else if (meaning === ISSUE) found[ISSUE_KEY] = found[ISSUE_ID] = undefined;
  else if (meaning === USER) found[USER_ID] = undefined;
  else if (meaning === COMMENT) found[UPDATE_AUTHOR_ID] = found[AUTHOR_ID] = undefined;
  else if (meaning === UPDATE_AUTHOR) found[UPDATE_AUTHOR_ID] = undefined;
  else if (meaning === AUTHOR) found[AUTHOR_ID] = undefined;
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
