/**
 * Index a snapshot file for the file-backed issue store: one streaming pass finds the byte range
 * of every element of `issues`, parses each element once to check it with its tracker's entry
 * format, key it and fold it into the format's catalog, and drops it. Only the header (every
 * top-level key but `issues`) and one small record per issue are kept.
 *
 * The format is chosen by the header's `tracker`. When the header is whole before the array (the
 * usual case: the tool writes `issues` last) that is the one pass; when `tracker` or another
 * top-level key comes after the array, the entries are read a second time from their ranges, with
 * the whole header known.
 */
import type { FileHandle } from "node:fs/promises";
import type { EntryFormat } from "../core/issue-store.ts";
import { describeValue, fail, isRecord, nonEmptyString, oneOf } from "../core/json-checks.ts";
import { readExactly } from "./file-bytes.ts";
import { type IndexResult, SnapshotIndexer } from "./index-snapshot.ts";
import { SnapshotSyntaxError } from "./snapshot-syntax-error.ts";

/** The most problems reported for one file; the rest are counted. */
export const MAX_PROBLEMS = 20;

/** Bytes read from the file at a time while indexing. */
const CHUNK = 1 << 20;

/**
 * A tracker's entry format as a snapshot file store reads it: the issue store's entry format, and
 * optionally the checks of the tracker's own header keys (a GitHub snapshot's `repository`).
 */
export interface SnapshotFormat<Entry, Catalog> extends EntryFormat<Entry, Catalog> {
  /** Problems of the header (every top-level key but `issues`), one line each naming its key. */
  checkHeader?(header: Readonly<Record<string, unknown>>): string[];
  /**
   * A small record of one entry kept beside its byte range (what a listing sorts and filters
   * on), made as the file is read and again on every `set`, so that reading it never parses the
   * entry.
   */
  summarise?(entry: Entry): unknown;
}

/** Any snapshot format, whatever its entries and catalog. */
export type AnySnapshotFormat = SnapshotFormat<never, unknown>;

/**
 * Where one issue's text is: in the snapshot file as it was read, or in the store's spill file
 * (compact JSON) once set.
 */
export interface EntrySlot {
  spilled: boolean;
  start: number;
  /** Bytes at `start`. */
  length: number;
  /**
   * The length of the entry as compact JSON (`JSON.stringify`), in UTF-16 code units: an entry
   * handed back with another length is changed, without reading the old one again.
   */
  compactLength: number;
  /** What the format's `summarise` keeps of the entry (see SnapshotFormat); undefined without one. */
  summary: unknown;
}

/** A snapshot file, indexed. */
export interface SnapshotIndex<Format extends AnySnapshotFormat> {
  header: Record<string, unknown>;
  format: Format;
  /** The issues by key, in the file's order. */
  slots: Map<string, EntrySlot>;
  catalog: unknown;
}

export type IndexOutcome<Format extends AnySnapshotFormat> =
  | { ok: true; index: SnapshotIndex<Format> }
  | { ok: false; errors: string[] };

/** Read exactly `length` bytes at `position` of `fd`. */
export function readRange(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  readExactly(fd, buffer, 0, length, position);
  return buffer;
}

/** The buffer `readText` reads into, grown to the longest issue read; one per process. */
let scratch = Buffer.allocUnsafe(64 * 1024);

/**
 * Exactly `length` bytes at `position` of `fd`, as UTF-8 text, read through one buffer reused from
 * read to read: reading an issue to parse it allocates its text and nothing outside the heap.
 */
export function readText(fd: number, position: number, length: number): string {
  if (scratch.length < length) scratch = Buffer.allocUnsafe(Math.max(length, 2 * scratch.length));
  readExactly(fd, scratch, 0, length, position);
  return scratch.toString("utf8", 0, length);
}

/** Problems in the order they are found, at most MAX_PROBLEMS kept, the rest counted. */
class ProblemList {
  readonly kept: string[] = [];
  count = 0;
  add(lines: readonly string[]): void {
    for (const line of lines) {
      if (this.kept.length < MAX_PROBLEMS) this.kept.push(line);
      this.count++;
    }
  }
}

/** Checks, keys and folds the entries one at a time, in order. */
class EntryChecker {
  readonly problems = new ProblemList();
  readonly duplicates = new ProblemList();
  readonly keys: string[] = [];
  /** By index: each entry's compact JSON length and summary. */
  readonly compactLengths: number[] = [];
  readonly summaries: unknown[] = [];
  private readonly firstAt = new Map<string, number>();
  private readonly format: AnySnapshotFormat;
  private fold: { add(entry: never): void; result(): unknown };

  constructor(format: AnySnapshotFormat, header: Readonly<Record<string, unknown>>) {
    this.format = format;
    this.fold = format.catalog(header);
  }

  check(index: number, value: unknown): void {
    const path = `issues[${index}]`;
    const problems = this.format.check(value, path);
    if (problems.length > 0) return this.problems.add(problems);
    const key = this.format.keyOf(value as never);
    const first = this.firstAt.get(key);
    if (first === undefined) this.firstAt.set(key, index);
    else this.duplicates.add([`${path}: the key ${describeValue(key)} appears twice (also at issues[${first}])`]);
    this.keys[index] = key;
    this.compactLengths[index] = JSON.stringify(value).length;
    if (this.format.summarise !== undefined) this.summaries[index] = this.format.summarise(value as never);
    this.fold.add(value as never);
  }

  /** Fold again from the start, with the whole header (the keys and checks stand). */
  refold(header: Readonly<Record<string, unknown>>): { add(value: unknown): void } {
    this.fold = this.format.catalog(header);
    return { add: (value) => this.fold.add(value as never) };
  }

  catalog(): unknown {
    return this.fold.result();
  }
}

function parseElement(index: number, bytes: Buffer | readonly Buffer[], end: number): unknown {
  const text = (Buffer.isBuffer(bytes) ? bytes : Buffer.concat(bytes)).toString("utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new SnapshotSyntaxError(`issues[${index}] is not valid JSON: ${(error as Error).message}`, end);
  }
}

const headerOf = (value: Record<string, unknown>): Record<string, unknown> => {
  const { issues: _issues, ...header } = value;
  return header;
};

/** The problems of the top level itself; the format, when the tracker is one of `formats`. */
function checkTopLevel<Format extends AnySnapshotFormat>(
  result: IndexResult,
  formats: readonly Format[],
  problems: ProblemList,
): Format | undefined {
  const { value } = result;
  const trackers = formats.map((format) => format.tracker);
  const lines: string[] = [];
  if (!isRecord(value)) {
    fail(lines, "(top level)", `an object {"tracker": ${trackers.map((t) => JSON.stringify(t)).join(" or ")}, "issues": [...]}`, value);
    problems.add(lines);
    return undefined;
  }
  oneOf(...trackers)(value.tracker, "tracker", lines);
  // Who the tool is in this snapshot: its comments, and only those, carry hidden keys.
  if (value.self !== undefined) nonEmptyString(value.self, "self", lines);
  if (!result.sawIssuesArray || !Array.isArray(value.issues)) fail(lines, "issues", "an array", value.issues);
  else if (result.issuesKeys > 1) lines.push(`issues: expected once at the top level, found ${result.issuesKeys} times`);
  const format = formats.find((candidate) => candidate.tracker === value.tracker);
  if (format?.checkHeader !== undefined) lines.push(...format.checkHeader(headerOf(value)));
  problems.add(lines);
  return format;
}

/**
 * Index the file open as `handle`. Problems of the content come back as lines (no prefix); a file
 * that is not JSON throws SnapshotSyntaxError or SyntaxError; a read failure throws as fs does.
 */
export async function indexSnapshot<Format extends AnySnapshotFormat>(
  handle: FileHandle,
  formats: readonly Format[],
): Promise<IndexOutcome<Format>> {
  const starts: number[] = [];
  const lengths: number[] = [];
  let early: { format: Format; checker: EntryChecker } | undefined;
  const indexer = new SnapshotIndexer({
    issuesStart(before) {
      let value: unknown;
      try {
        value = JSON.parse(before);
      } catch {
        return; // A broken top level is told at the end.
      }
      const format = isRecord(value) ? formats.find((candidate) => candidate.tracker === value.tracker) : undefined;
      if (format !== undefined && isRecord(value)) early = { format, checker: new EntryChecker(format, headerOf(value)) };
    },
    element(index, start, end, bytes) {
      starts.push(start);
      lengths.push(end - start);
      // Parsed even when the tracker is not known yet: a file that is not JSON says so first.
      const value = parseElement(index, bytes, end);
      early?.checker.check(index, value);
    },
  });
  for (let position = 0; ; ) {
    const buffer = Buffer.allocUnsafe(CHUNK);
    const { bytesRead } = await handle.read(buffer, 0, CHUNK, position);
    if (bytesRead === 0) break;
    indexer.push(buffer.subarray(0, bytesRead));
    position += bytesRead;
  }
  const result = indexer.end();

  const topLevel = new ProblemList();
  const format = checkTopLevel(result, formats, topLevel);
  if (format === undefined || !isRecord(result.value)) return { ok: false, errors: topLevel.kept };
  const header = headerOf(result.value);

  let checker = early?.format === format ? early.checker : undefined;
  if (checker === undefined) {
    // The tracker was not known when the array opened: check every entry now.
    const late = new EntryChecker(format, header);
    for (let index = 0; index < starts.length; index++) {
      const end = (starts[index] as number) + (lengths[index] as number);
      late.check(index, parseElement(index, readRange(handle.fd, starts[index] as number, lengths[index] as number), end));
    }
    checker = late;
  } else if (result.keysAfterIssues) {
    // The catalog was folded with part of the header: fold again with all of it.
    const fold = checker.refold(header);
    for (let index = 0; index < starts.length; index++) {
      const end = (starts[index] as number) + (lengths[index] as number);
      fold.add(parseElement(index, readRange(handle.fd, starts[index] as number, lengths[index] as number), end));
    }
  }

  const all = [...topLevel.kept, ...checker.problems.kept, ...checker.duplicates.kept];
  const total = topLevel.count + checker.problems.count + checker.duplicates.count;
  if (total > 0) {
    const errors = all.slice(0, MAX_PROBLEMS);
    if (total > MAX_PROBLEMS) errors.push(`… and ${total - MAX_PROBLEMS} more problems`);
    return { ok: false, errors };
  }
  const slots = new Map<string, EntrySlot>();
  checker.keys.forEach((key, index) =>
    slots.set(key, {
      spilled: false,
      start: starts[index] as number,
      length: lengths[index] as number,
      compactLength: checker.compactLengths[index] as number,
      summary: checker.summaries[index],
    }),
  );
  return { ok: true, index: { header, format, slots, catalog: checker.catalog() } };
}
