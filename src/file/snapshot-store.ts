/**
 * A snapshot file as an issue store, read lazily: opening it indexes the file in one streaming
 * pass (each issue's byte range, checked and folded into its tracker's catalog, then dropped), so
 * that memory holds one small record per issue and never the file. `get` reads an issue's bytes
 * again and parses a fresh copy; `set` writes the new text (compact JSON) to a spill file next to
 * the snapshot and points the key there; `flush` writes the snapshot back atomically, streaming,
 * only when something changed.
 *
 * The text written is the text snapshots are written as (2-space indented JSON, a final newline):
 * the header keys, then `issues` in key order. An issue that was not changed keeps its bytes as
 * they were in the file (copied verbatim, so a compact file's issues stay compact); a changed one
 * is written as `JSON.stringify(entry, null, 2)`, indented to its place, when the file is written
 * (an issue set several times is laid out once). The result is valid JSON,
 * and flushing it again after further changes copies the same bytes again.
 */
import { closeSync, openSync, rmSync, writeSync } from "node:fs";
import * as fs from "node:fs/promises";
import type { IssueStore } from "../core/issue-store.ts";
import { TrackerError } from "../core/tracker.ts";
import {
  type AnySnapshotFormat,
  type EntrySlot,
  indexSnapshot,
  type IndexOutcome,
  readText,
  type SnapshotFormat,
} from "./read-snapshot-index.ts";
import { readExactly, writeExactly } from "./file-bytes.ts";
import { SnapshotSyntaxError } from "./snapshot-syntax-error.ts";
import { removeStaleTemporaries, temporaryName, writeFileAtomic } from "./write-file-atomic.ts";

export type { AnySnapshotFormat, SnapshotFormat } from "./read-snapshot-index.ts";

export interface SnapshotStoreOptions {
  /** How messages name the file; the path by default. */
  name?: string;
}

/** An open snapshot file: its header, its issues as a store, and its tracker's catalog. */
export interface SnapshotStore<Entry, Catalog> {
  /** Every top-level key of the file but `issues`, in the file's order. */
  readonly header: Readonly<Record<string, unknown>>;
  /** The header's `tracker`: the format the entries were read with. */
  readonly tracker: string;
  /** That format (one of those given to open), to tell which store this is when several were. */
  readonly format: SnapshotFormat<Entry, Catalog>;
  readonly store: IssueStore<Entry>;
  /** The format's catalog, folded over the entries as the file was read. */
  readonly catalog: Catalog;
  /** Whether `set` changed an issue since the file was opened or last flushed. */
  readonly changed: boolean;
  /**
   * What the format's `summarise` keeps of the issue with that key, as it is now (read without
   * parsing the issue); undefined for no such key or a format without `summarise`.
   */
  summaryOf(key: string): unknown;
  /**
   * Write the snapshot back (atomically) when something changed; nothing otherwise. A failure is a
   * `transient` TrackerError and leaves the file and the store as they were.
   */
  flush(): Promise<void>;
  /** Release the file and remove the spill file; changes not flushed are dropped. */
  close(): Promise<void>;
}

/** The store a format gives: for a union of formats, a union of stores. */
export type SnapshotStoreOf<Format> = Format extends SnapshotFormat<infer Entry, infer Catalog> ? SnapshotStore<Entry, Catalog> : never;

/** Below this size a file that is not JSON is read again whole, for JSON.parse's own message. */
const WHOLE_TEXT_LIMIT = 64 * 1024 * 1024;

/** The spill file is compacted only past this size (and when half of it is stale copies). */
const SPILL_SLACK = 16 * 1024 * 1024;

/** Bytes gathered before one write while flushing. */
const WRITE_BATCH = 1 << 20;

const errorCode = (error: unknown): unknown => (error as { code?: unknown } | null)?.code;
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const indent = (text: string, by: string): string => text.replace(/\n/g, `\n${by}`);

/** The text of one issue at its place in the array. */
const entryText = (entry: unknown): string => indent(JSON.stringify(entry, null, 2) ?? "null", "    ");

function readFailure(name: string, error: unknown): TrackerError {
  if (errorCode(error) === "ENOENT") return new TrackerError("not-found", `${name}: no such snapshot file`, { cause: error });
  return new TrackerError("invalid", `${name}: cannot read the snapshot: ${messageOf(error)}`, { cause: error });
}

/** The message of a file that is not JSON: JSON.parse's own for a small file, else the byte. */
async function syntaxProblem(path: string, error: SyntaxError | SnapshotSyntaxError): Promise<string> {
  const size = await fs.stat(path).then(
    (stat) => stat.size,
    () => Infinity,
  );
  if (size <= WHOLE_TEXT_LIMIT) {
    try {
      JSON.parse(await fs.readFile(path, "utf8"));
    } catch (whole) {
      return `not valid JSON: ${messageOf(whole)}`;
    }
  }
  const where = error instanceof SnapshotSyntaxError ? ` (near byte ${error.offset})` : "";
  return `not valid JSON: ${error.message}${where}`;
}

async function indexFile<Format extends AnySnapshotFormat>(
  path: string,
  name: string,
  handle: fs.FileHandle,
  formats: readonly Format[],
): Promise<IndexOutcome<Format>> {
  try {
    return await indexSnapshot(handle, formats);
  } catch (error) {
    if (error instanceof SyntaxError || error instanceof SnapshotSyntaxError) {
      return { ok: false, errors: [await syntaxProblem(path, error)] };
    }
    throw readFailure(name, error);
  }
}

/**
 * Open the snapshot at `path` with the format its `tracker` names. Fails with a TrackerError:
 * `not-found` when there is no file, `invalid` (one line per problem, each naming the file and the
 * JSON path) when it is not a snapshot of one of `formats`.
 */
export async function openSnapshotStore<const Format extends AnySnapshotFormat>(
  path: string,
  formats: readonly Format[],
  options: SnapshotStoreOptions = {},
): Promise<SnapshotStoreOf<Format>> {
  const name = options.name ?? path;
  const handle = await fs.open(path, "r").catch((error: unknown) => Promise.reject(readFailure(name, error)));
  let outcome: IndexOutcome<Format>;
  try {
    outcome = await indexFile(path, name, handle, formats);
  } catch (error) {
    await handle.close();
    throw error;
  }
  if (!outcome.ok) {
    await handle.close();
    throw new TrackerError("invalid", outcome.errors.map((line) => `${name}: ${line}`).join("\n"));
  }
  // What a run killed mid-write left behind goes now, even if this run writes nothing.
  await removeStaleTemporaries(path);
  return createStore(path, name, handle, outcome.index) as SnapshotStoreOf<Format>;
}

function createStore(
  path: string,
  name: string,
  opened: fs.FileHandle,
  index: { header: Record<string, unknown>; format: AnySnapshotFormat; slots: Map<string, EntrySlot>; catalog: unknown },
): SnapshotStore<unknown, unknown> {
  const { header, format, slots } = index;
  const summarise = format.summarise === undefined ? undefined : (entry: unknown): unknown => format.summarise?.(entry as never);
  let file: fs.FileHandle | undefined = opened;
  /** Changed issues' text; `live` counts the bytes that slots still point to. */
  let spill: { path: string; fd: number; end: number; live: number } | undefined;
  let changed = false;
  let flushing = false;

  const writeFailure = (error: unknown): TrackerError =>
    new TrackerError("transient", `${name}: cannot write the snapshot: ${messageOf(error)}`, { cause: error });

  const open = (): fs.FileHandle => {
    if (file === undefined) throw new Error(`${name}: the snapshot store is closed`);
    return file;
  };

  /** An issue's text, read through a reused buffer (for parsing). */
  const textOf = (slot: EntrySlot): string => {
    if (slot.spilled) {
      if (spill === undefined) throw new Error(`${name}: the spill file is gone`);
      return readText(spill.fd, slot.start, slot.length);
    }
    return readText(open().fd, slot.start, slot.length);
  };

  const removeSpill = (): void => {
    if (spill === undefined) return;
    closeSync(spill.fd);
    rmSync(spill.path, { force: true });
    spill = undefined;
  };

  const newSpill = (): { path: string; fd: number; end: number; live: number } => {
    const spillPath = temporaryName(path);
    return { path: spillPath, fd: openSync(spillPath, "wx+"), end: 0, live: 0 };
  };

  /** Append an issue's new text (compact JSON) to the spill file; `replaced` is the slot it had. */
  const spillText = (text: string, replaced: EntrySlot | undefined, summary: unknown): EntrySlot => {
    const length = Buffer.byteLength(text, "utf8");
    try {
      spill ??= newSpill();
      // Written as text: Node encodes it into memory it frees at once, where a buffer of its own
      // per change would wait for the garbage collector.
      const written = writeSync(spill.fd, text, spill.end, "utf8");
      if (written < length) writeExactly(spill.fd, Buffer.from(text, "utf8").subarray(written), spill.end + written);
    } catch (error) {
      throw writeFailure(error);
    }
    const slot = { spilled: true, start: spill.end, length, compactLength: text.length, summary };
    spill.end += length;
    spill.live += length - (replaced?.spilled === true ? replaced.length : 0);
    return slot;
  };

  /**
   * Every write appends a whole issue, so an issue written several times leaves copies nothing
   * points to. Once those are as large as what is still in use (and past SPILL_SLACK), the texts
   * in use are copied to a new spill file and the old one goes: the spill file stays within
   * twice the changed issues' size. The slots move only when the copy is complete.
   */
  const compactSpill = (): void => {
    const old = spill;
    if (old === undefined || old.end <= SPILL_SLACK || old.end <= 2 * old.live) return;
    let next: ReturnType<typeof newSpill> | undefined;
    const moved: Array<[EntrySlot, number]> = [];
    // Copied through one buffer, a batch at a time: a buffer per issue would wait for the
    // garbage collector, tens of thousands of them per compaction.
    let batch = Buffer.allocUnsafeSlow(WRITE_BATCH);
    let used = 0;
    try {
      const target = (next = newSpill());
      const writeBatch = (): void => {
        writeExactly(target.fd, batch.subarray(0, used), target.end - used);
        used = 0;
      };
      for (const slot of slots.values()) {
        if (!slot.spilled) continue;
        if (used + slot.length > batch.length) writeBatch();
        if (slot.length > batch.length) batch = Buffer.allocUnsafeSlow(slot.length);
        readExactly(old.fd, batch, used, slot.length, slot.start, "the spill file");
        used += slot.length;
        moved.push([slot, target.end]);
        target.end += slot.length;
      }
      writeBatch();
    } catch (error) {
      if (next !== undefined) {
        closeSync(next.fd);
        rmSync(next.path, { force: true });
      }
      throw writeFailure(error);
    }
    for (const [slot, start] of moved) slot.start = start;
    next.live = next.end;
    spill = next;
    closeSync(old.fd);
    rmSync(old.path, { force: true });
  };

  const store: IssueStore<unknown> = {
    get size() {
      return slots.size;
    },
    keys: () => slots.keys(),
    has: (key) => slots.has(key),
    get(key) {
      const slot = slots.get(key);
      return slot === undefined ? undefined : (JSON.parse(textOf(slot)) as unknown);
    },
    set(key, entry) {
      if (flushing) throw new Error(`${name}: an issue was set while the snapshot was being written`);
      const text = JSON.stringify(entry) ?? "null";
      const slot = slots.get(key);
      // Handing back an issue as it was is no change (and writes nothing); one of another length
      // is changed without reading the old text.
      if (slot !== undefined && slot.compactLength === text.length) {
        const current = textOf(slot);
        const same = slot.spilled ? current === text : JSON.stringify(JSON.parse(current)) === text;
        if (same) return;
      }
      slots.set(key, spillText(text, slot, summarise?.(entry)));
      changed = true;
      compactSpill();
    },
  };

  /**
   * The file's text in batches of about WRITE_BATCH bytes, all in one buffer reused from batch to
   * batch: the file writer is done with a batch before it asks for the next, and an issue kept as
   * it was is read straight into the batch, so writing a file of any size allocates next to
   * nothing per issue. `positions` and `lengths` get where each issue is in the text.
   */
  function* chunks(positions: Float64Array, lengths: Float64Array): Generator<Buffer> {
    let batch = Buffer.allocUnsafeSlow(2 * WRITE_BATCH);
    let used = 0;
    let at = 0;
    const room = (bytes: number): void => {
      if (used + bytes <= batch.length) return;
      const grown = Buffer.allocUnsafeSlow(Math.max(2 * batch.length, used + bytes));
      batch.copy(grown, 0, 0, used);
      batch = grown;
    };
    const text = (value: string): void => {
      const bytes = Buffer.byteLength(value, "utf8");
      room(bytes);
      batch.write(value, used, bytes, "utf8");
      used += bytes;
      at += bytes;
    };
    const copy = (fd: number, start: number, length: number): void => {
      room(length);
      readExactly(fd, batch, used, length, start, name);
      used += length;
      at += length;
    };
    let separator = "{\n  ";
    for (const [key, value] of Object.entries(header)) {
      const json = JSON.stringify(value, null, 2) as string | undefined;
      if (json === undefined) continue;
      text(`${separator}${JSON.stringify(key)}: ${indent(json, "  ")}`);
      separator = ",\n  ";
    }
    text(`${separator}"issues": [`);
    let index = 0;
    for (const slot of slots.values()) {
      text(index === 0 ? "\n    " : ",\n    ");
      const from = at;
      if (slot.spilled) text(entryText(JSON.parse(textOf(slot))));
      else copy(open().fd, slot.start, slot.length);
      positions[index] = from;
      lengths[index++] = at - from;
      if (used >= WRITE_BATCH) {
        yield batch.subarray(0, used);
        used = 0;
      }
    }
    text(index === 0 ? "]\n}\n" : "\n  ]\n}\n");
    yield batch.subarray(0, used);
  }

  return {
    header: Object.freeze({ ...header }),
    tracker: format.tracker,
    format,
    store,
    catalog: index.catalog,
    get changed() {
      return changed;
    },
    summaryOf: (key) => slots.get(key)?.summary,
    async flush() {
      if (!changed) return;
      open();
      const positions = new Float64Array(slots.size);
      const lengths = new Float64Array(slots.size);
      flushing = true;
      try {
        await writeFileAtomic(path, chunks(positions, lengths));
        // Every issue is now in the new file, at the place it was just written to.
        const written = await fs.open(path, "r");
        await file?.close();
        file = written;
      } catch (error) {
        throw writeFailure(error);
      } finally {
        flushing = false;
      }
      let index = 0;
      for (const slot of slots.values()) {
        slot.spilled = false;
        slot.start = positions[index] as number;
        slot.length = lengths[index++] as number;
      }
      removeSpill();
      changed = false;
    },
    async close() {
      removeSpill();
      await file?.close();
      file = undefined;
    },
  };
}
