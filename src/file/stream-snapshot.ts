/**
 * Snapshot files too large for one string (V8 strings stop near 512 MB; a 20,000-issue GitHub
 * export is larger): read as byte chunks, the top-level `issues` array split element by element
 * and each element parsed on its own; written as one chunk per issue.
 */
import { createReadStream } from "node:fs";

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const COLON = 0x3a;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;

/** The file is not JSON; `offset` is the byte where the splitter noticed. */
export class SnapshotSyntaxError extends Error {
  readonly offset: number;
  constructor(message: string, offset: number) {
    super(message);
    this.offset = offset;
    this.name = "SnapshotSyntaxError";
  }
}

/**
 * A byte-level splitter for `{ …, "issues": [ e0, e1, … ], … }`. Strings and their escapes are
 * respected; nesting is tracked by brackets. Each element of the top-level `issues` array is
 * JSON-parsed as soon as it ends; the rest of the top-level object is kept as text with `[]` in
 * place of the array and parsed at the end. Anything else (not an object at the top, no
 * `issues` array) is kept whole, so the result is what `JSON.parse` of the file would give.
 */
export class SnapshotSplitter {
  private depth = 0;
  private inString = false;
  private escaped = false;
  private offset = 0;
  /** The top level outside the issues array, as byte chunks. */
  private readonly rest: Buffer[] = [];
  /** The current element of the issues array, as byte chunks. */
  private element: Buffer[] = [];
  private elementStarted = false;
  /** The last string closed at depth 1 and whether a `:` followed it: the key being read. */
  private lastKey: Buffer[] = [];
  private keyBytes: Buffer[] | undefined;
  private keyFrom = 0;
  private awaitingIssuesArray = false;
  private inIssues = false;
  private sawIssuesArray = false;
  private readonly issues: unknown[] = [];

  /** Feed the next chunk of the file. */
  push(chunk: Buffer): void {
    let restFrom = this.inIssues ? -1 : 0;
    let elementFrom = this.inIssues && this.elementStarted ? 0 : -1;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i] as number;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) {
          this.inString = false;
          if (this.keyBytes !== undefined) {
            this.keyBytes.push(chunk.subarray(this.keyFrom, i));
            this.keyFrom = 0;
            this.lastKey = this.keyBytes;
            this.keyBytes = undefined;
          }
        }
        continue;
      }
      if (this.inIssues && this.depth === 2) {
        // Between elements of the issues array, or at the end of one.
        if (byte === COMMA || byte === CLOSE_BRACKET) {
          if (this.elementStarted) {
            this.element.push(chunk.subarray(elementFrom, i));
            this.finishElement();
            elementFrom = -1;
          } else if (byte === COMMA || this.issues.length > 0) {
            throw new SnapshotSyntaxError("an array element is missing", this.offset + i);
          }
          if (byte === CLOSE_BRACKET) {
            this.depth = 1;
            this.inIssues = false;
            restFrom = i + 1;
          }
          continue;
        }
        if (!this.elementStarted && !isSpace(byte)) {
          this.elementStarted = true;
          elementFrom = i;
        }
      }
      if (byte === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && !this.inIssues) {
          this.keyBytes = [];
          this.keyFrom = i + 1;
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
          continue;
        }
        this.depth++;
      } else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
        this.depth--;
        if (this.depth < 0) throw new SnapshotSyntaxError(`unexpected "${String.fromCharCode(byte)}"`, this.offset + i);
      } else if (byte === COLON && this.depth === 1 && !this.inIssues) {
        this.awaitingIssuesArray = Buffer.concat(this.lastKey).toString("utf8") === "issues";
        this.lastKey = [];
        continue;
      }
      if (this.depth !== 1 || !isSpace(byte)) {
        if (byte !== COLON) this.awaitingIssuesArray = this.awaitingIssuesArray && byte === OPEN_BRACKET;
      }
    }
    if (this.inString && this.keyBytes !== undefined) {
      this.keyBytes.push(chunk.subarray(this.keyFrom, chunk.length));
      this.keyFrom = 0;
    }
    if (restFrom !== -1) this.rest.push(chunk.subarray(restFrom));
    if (elementFrom !== -1) this.element.push(chunk.subarray(elementFrom));
    this.offset += chunk.length;
  }

  private finishElement(): void {
    const text = Buffer.concat(this.element).toString("utf8");
    this.element = [];
    this.elementStarted = false;
    try {
      this.issues.push(JSON.parse(text));
    } catch (error) {
      throw new SnapshotSyntaxError(
        `issues[${this.issues.length}] is not valid JSON: ${(error as Error).message}`,
        this.offset,
      );
    }
  }

  /** The parsed file, after the last chunk. */
  end(): unknown {
    if (this.inIssues) throw new SnapshotSyntaxError("the issues array does not end", this.offset);
    const value: unknown = JSON.parse(Buffer.concat(this.rest).toString("utf8"));
    if (this.sawIssuesArray && typeof value === "object" && value !== null && !Array.isArray(value)) {
      const record = value as Record<string, unknown>;
      if (Array.isArray(record.issues)) record.issues = this.issues;
    }
    return value;
  }
}

/** Read and parse a snapshot file chunk by chunk; throws the parse error of the first problem. */
export async function readSnapshotValue(path: string): Promise<unknown> {
  const splitter = new SnapshotSplitter();
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) splitter.push(chunk as Buffer);
  return splitter.end();
}

const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`);

/**
 * The text of a snapshot, one chunk per issue: exactly `JSON.stringify(snapshot, null, 2)` and a
 * final newline, without ever holding it as one string.
 */
export function* snapshotChunks(snapshot: Record<string, unknown>): Generator<string> {
  const entries = Object.entries(snapshot).filter(([, value]) => JSON.stringify(value) !== undefined);
  if (entries.length === 0) {
    yield "{}\n";
    return;
  }
  yield "{";
  for (const [at, [key, value]] of entries.entries()) {
    const separator = at === 0 ? "\n  " : ",\n  ";
    if (key === "issues" && Array.isArray(value) && value.length > 0) {
      yield `${separator}${JSON.stringify(key)}: [`;
      for (const [index, element] of (value as unknown[]).entries()) {
        // Elements JSON cannot say are written as null, as JSON.stringify writes them.
        const text = JSON.stringify(element, null, 2) ?? "null";
        yield `${index === 0 ? "\n    " : ",\n    "}${indent(text, "    ")}`;
      }
      yield "\n  ]";
      continue;
    }
    yield `${separator}${JSON.stringify(key)}: ${indent(JSON.stringify(value, null, 2), "  ")}`;
  }
  yield "\n}\n";
}
