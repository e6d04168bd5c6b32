/**
 * The byte-level steps of reading JSON without decoding it, for `peek-delivery.ts`: where a
 * string, a number or a literal that starts at a given byte ends, and the text of a string.
 * Strings are most of a delivery's bytes; their ends are found four bytes at a time. Never throws.
 */

/** `"`, which opens and closes a string. */
export const QUOTE = 0x22;
/** A backslash, which starts an escape inside a string. */
const BACKSLASH = 0x5c;

/** Bytes below this are control characters: never inside a JSON string, only white space between tokens. */
const CONTROL_LIMIT = 0x20;

/**
 * Index of the quote closing the string opened at `start`, or -1 when it is not closed or holds a
 * control character. Byte by byte up to a word boundary, then a word at a time over words that
 * hold nothing but text (most of a long string), back to bytes at the word that holds the quote.
 * `words` are the body's bytes as 32-bit words from byte `head` on, the first whose address is a
 * multiple of 4 (a typed array's words must be aligned; see `peekDelivery`). An escape's second
 * byte is stepped over unread (the leniency the peek allows).
 */
export function stringEnd(bytes: Buffer, words: Int32Array, head: number, start: number): number {
  const length = bytes.length;
  const count = words.length;
  let at = start + 1;
  while (at < length) {
    const byte = bytes[at] as number;
    if (byte === QUOTE) return at;
    if (byte === BACKSLASH) {
      at += 2;
      continue;
    }
    if (byte < CONTROL_LIMIT) return -1;
    at += 1;
    if (((at - head) & 3) === 0 && at >= head) {
      let word = (at - head) >> 2;
      // A word holds a quote, a backslash or a byte below 0x20 exactly when this has a byte's top
      // bit set: `(x - 0x01010101) & ~x` does where `x` has a zero byte (a borrow only starts at a
      // zero byte, or one below 0x20 in the third term, so it adds no false answer), and
      // `word ^ 0x22222222` has a zero byte where `word` has a quote. Inline: a call here is slower.
      while (word < count) {
        const value = words[word] as number;
        const quotes = value ^ 0x22222222;
        const backslashes = value ^ 0x5c5c5c5c;
        if (((((quotes - 0x01010101) & ~quotes) | ((backslashes - 0x01010101) & ~backslashes) | ((value - 0x20202020) & ~value)) & 0x80808080) !== 0) break;
        word += 1;
      }
      at = head + word * 4;
    }
  }
  return -1;
}

/** Whether the byte is a decimal digit (undefined past the end: no). */
export const isDigit = (byte: number | undefined): boolean => byte !== undefined && byte >= 0x30 && byte <= 0x39;

/** End of the JSON number that starts at `start`, or -1 when it is not one. */
export function numberEnd(bytes: Buffer, start: number): number {
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
export function literalEnd(bytes: Buffer, start: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (bytes[start + k] !== word.charCodeAt(k)) return -1;
  return start + word.length;
}

/** Whether the string between the quotes at `start` and `end` has an escape. */
export function hasEscape(bytes: Buffer, start: number, end: number): boolean {
  for (let at = start + 1; at < end; at++) if (bytes[at] === BACKSLASH) return true;
  return false;
}

/** The text of the string between the quotes at `start` and `end`; undefined when its escapes are not JSON. */
export function stringText(bytes: Buffer, start: number, end: number): string | undefined {
  if (!hasEscape(bytes, start, end)) return bytes.toString("utf8", start + 1, end);
  try {
    return JSON.parse(bytes.toString("utf8", start, end + 1)) as string;
  } catch {
    return undefined;
  }
}
