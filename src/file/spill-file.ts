/**
 * A byte spill in a temporary file: what a large audit keeps until its end (packed plans, issues
 * and report lines) is written there a slab at a time and read back by position, so that it sits
 * in the page cache, which the kernel can drop and refill, instead of in the process's memory.
 *
 * The file is removed as soon as it is opened (on systems that allow it; otherwise on `close`),
 * so a run that is killed leaves nothing behind. Released bytes are not reclaimed: the file grows
 * to what the run packed in all, about the size of its JSON report, and goes with the run.
 */
import { randomBytes } from "node:crypto";
import { closeSync, openSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ByteSpill } from "../core/byte-spill.ts";
import { TrackerError } from "../core/tracker.ts";
import { readExactly, writeExactly } from "./file-bytes.ts";

const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** A spill file; `close` when the run's report is out. */
export class SpillFile implements ByteSpill {
  readonly path: string;
  private fd: number | undefined;
  private end = 0;
  /** The name is still there to remove (the system would not remove an open file). */
  private named: boolean;

  /** Open a new spill file in `directory` (the system's temporary directory by default). */
  constructor(directory: string = tmpdir()) {
    this.path = join(directory, `shepherd-records-${process.pid}-${randomBytes(6).toString("hex")}.tmp`);
    try {
      this.fd = openSync(this.path, "wx+", 0o600);
    } catch (error) {
      throw this.failure(error);
    }
    try {
      rmSync(this.path);
      this.named = false;
    } catch {
      this.named = true;
    }
  }

  /** Bytes written so far. */
  get size(): number {
    return this.end;
  }

  append(bytes: Uint8Array): number {
    const fd = this.open();
    const position = this.end;
    try {
      writeExactly(fd, bytes, position);
    } catch (error) {
      throw this.failure(error);
    }
    this.end += bytes.length;
    return position;
  }

  read(position: number, length: number, into: Uint8Array): void {
    const fd = this.open();
    if (position + length > this.end) throw new RangeError(`no bytes kept at ${position} (+${length})`);
    try {
      readExactly(fd, into, 0, length, position);
    } catch (error) {
      throw this.failure(error);
    }
  }

  release(): void {
    // A file keeps what was written; it goes whole on close.
  }

  /** Close and remove the file. */
  close(): void {
    if (this.fd !== undefined) closeSync(this.fd);
    this.fd = undefined;
    if (this.named) rmSync(this.path, { force: true });
    this.named = false;
  }

  private open(): number {
    if (this.fd === undefined) throw new Error(`${this.path}: the spill file is closed`);
    return this.fd;
  }

  private failure(error: unknown): TrackerError {
    return new TrackerError(
      "transient",
      `cannot keep the audit's records in ${this.path} (${messageOf(error)}). ` +
        "Changes already made on the tracker stay made; a snapshot file is left as it was. Free some space there, or point TMPDIR at a disk with room, and run the audit again: it plans from the issues as they are.",
      { cause: error },
    );
  }
}
