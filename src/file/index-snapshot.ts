/**
 * The byte-level index of a snapshot file `{ …, "issues": [ e0, e1, … ], … }`: where each element
 * of the top-level `issues` array starts and ends, and the rest of the top level as text (with
 * `[]` where the array was), fed one chunk at a time so that no file is ever held whole. Strings
 * and their escapes are respected and nesting is tracked by brackets; the elements themselves are
 * not parsed here (the caller parses each one, once, from the bytes it is handed).
 */
import { SnapshotSyntaxError } from "./snapshot-syntax-error.ts";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** What the indexer tells as it reads. */
export interface IndexListener {
  /**
   * The `issues` array opens: `before` is the top level read so far, closed as if the array were
   * empty and the object ended there (`{"tracker": "x", "issues": []}`), for a caller that wants to
   * know the header early. It may not parse when the file is broken.
   */
  issuesStart?(before: string): void;
  /**
   * One element of the array, `index` in order: its bytes `[start, end)` of the file (spaces
   * around it left out) and those bytes, as the chunks they arrived in.
   */
  element(index: number, start: number, end: number, bytes: readonly Buffer[]): void;
}

/** What the index found besides the elements. */
export interface IndexResult {
  /** The top level, parsed, with `issues: []` in place of the array when there was one. */
  value: unknown;
  /** The top level had an `issues` array (the elements told were its). */
  sawIssuesArray: boolean;
  /** A top-level key came after the array: the header was not whole when the array opened. */
  keysAfterIssues: boolean;
  /** How many times the top level says `issues` (JSON.parse keeps the last; more than one is an error). */
  issuesKeys: number;
}

/** Splits a snapshot's bytes into the `issues` elements and the rest; see the module comment. */
export class SnapshotIndexer {
  private readonly listener: IndexListener;
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Bytes of the file before the current chunk. */
  private offset = 0;
  private readonly rest: Buffer[] = [];
  /** The last string closed at depth 1 and the chunks of the one being read there. */
  private lastString: Buffer[] = [];
  private stringBytes: Buffer[] | undefined;
  private stringFrom = 0;
  private awaitingIssuesArray = false;
  private inIssues = false;
  private sawIssuesArray = false;
  private keysAfterIssues = false;
  private issuesKeys = 0;
  private count = 0;
  /** The element being read: where it started (absolute), its last byte of content, its chunks. */
  private elementStart = -1;
  private elementLast = -1;
  private element: Buffer[] = [];

  constructor(listener: IndexListener) {
    this.listener = listener;
  }

  /** Feed the next chunk of the file. */
  push(chunk: Buffer): void {
    let restFrom = this.inIssues ? -1 : 0;
    let elementFrom = this.elementStart === -1 ? -1 : 0;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (this.inString) {
        if (elementFrom !== -1) this.elementLast = this.offset + i;
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) {
          this.inString = false;
          if (this.stringBytes !== undefined) {
            this.stringBytes.push(chunk.subarray(this.stringFrom, i));
            this.lastString = this.stringBytes;
            this.stringBytes = undefined;
          }
        }
        continue;
      }
      if (this.inIssues && this.depth === 2) {
        // Between elements of the array, or at the end of one.
        if (byte === COMMA || byte === CLOSE_BRACKET) {
          if (elementFrom !== -1) {
            this.element.push(chunk.subarray(elementFrom, i));
            this.finishElement();
            elementFrom = -1;
          } else if (byte === COMMA || this.count > 0) {
            throw new SnapshotSyntaxError("an array element is missing", this.offset + i);
          }
          if (byte === CLOSE_BRACKET) {
            this.depth = 1;
            this.inIssues = false;
            restFrom = i + 1;
          }
          continue;
        }
        if (elementFrom === -1 && !isSpace(byte)) {
          elementFrom = i;
          this.elementStart = this.offset + i;
        }
      }
      if (elementFrom !== -1 && !isSpace(byte)) this.elementLast = this.offset + i;
      if (byte === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && !this.inIssues) {
          this.stringBytes = [];
          this.stringFrom = i + 1;
        }
      } else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) {
        if (this.awaitingIssuesArray && this.depth === 1 && byte === OPEN_BRACKET && !this.sawIssuesArray) {
          this.awaitingIssuesArray = false;
          this.sawIssuesArray = true;
          this.inIssues = true;
          this.depth = 2;
          // The rest keeps `[]` where the array was.
          this.rest.push(chunk.subarray(restFrom, i + 1), Buffer.from("]"));
          restFrom = -1;
          this.listener.issuesStart?.(`${Buffer.concat(this.rest).toString("utf8")}}`);
          continue;
        }
        this.depth++;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth < 0) throw new SnapshotSyntaxError(`unexpected "${String.fromCharCode(byte)}"`, this.offset + i);
      } else if (byte === COLON && this.depth === 1 && !this.inIssues) {
        const key = decodeKey(Buffer.concat(this.lastString).toString("utf8"));
        this.lastString = [];
        if (this.sawIssuesArray) this.keysAfterIssues = true;
        if (key === "issues") this.issuesKeys++;
        this.awaitingIssuesArray = key === "issues";
        continue;
      }
      if (!isSpace(byte)) this.awaitingIssuesArray = this.awaitingIssuesArray && byte === OPEN_BRACKET;
    }
    if (this.inString && this.stringBytes !== undefined) {
      this.stringBytes.push(chunk.subarray(this.stringFrom));
      this.stringFrom = 0;
    }
    if (restFrom !== -1) this.rest.push(chunk.subarray(restFrom));
    if (elementFrom !== -1) this.element.push(chunk.subarray(elementFrom));
    this.offset += chunk.length;
  }

  private finishElement(): void {
    const start = this.elementStart;
    const end = this.elementLast + 1;
    // The chunks end at the separator; the spaces before it are not the element's.
    const bytes = trimTail(this.element, end - start);
    this.element = [];
    this.elementStart = -1;
    this.listener.element(this.count++, start, end, bytes);
  }

  /** After the last chunk: the top level, parsed (throws SyntaxError when it is not JSON). */
  end(): IndexResult {
    if (this.inIssues) throw new SnapshotSyntaxError("the issues array does not end", this.offset);
    const value: unknown = JSON.parse(Buffer.concat(this.rest).toString("utf8"));
    return {
      value,
      sawIssuesArray: this.sawIssuesArray,
      keysAfterIssues: this.keysAfterIssues,
      issuesKeys: this.issuesKeys,
    };
  }
}

/** A key as JSON means it (`"issu\\u0065s"` is `issues`); its raw text when it does not parse. */
function decodeKey(raw: string): string {
  if (!raw.includes("\\")) return raw;
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return raw;
  }
}

/** The chunks cut to their first `length` bytes. */
function trimTail(chunks: readonly Buffer[], length: number): Buffer[] {
  const out: Buffer[] = [];
  let left = length;
  for (const chunk of chunks) {
    if (left <= 0) break;
    out.push(chunk.length <= left ? chunk : chunk.subarray(0, left));
    left -= chunk.length;
  }
  return out;
}
