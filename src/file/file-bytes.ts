/**
 * Whole reads and writes at a position of an open file: `readSync` and `writeSync` may move fewer
 * bytes than asked, so each loops until all are moved. A file that ends before the bytes asked
 * for is an error that names the byte it ended at.
 */
import { readSync, writeSync } from "node:fs";

/** Read exactly `length` bytes at `position` of `fd` into `into` from `offset`. */
export function readExactly(fd: number, into: Uint8Array, offset: number, length: number, position: number, what = "the file"): void {
  for (let done = 0; done < length; ) {
    const read = readSync(fd, into, offset + done, length - done, position + done);
    if (read === 0) throw new Error(`${what} ended at byte ${position + done}, before the ${length} bytes at byte ${position}`);
    done += read;
  }
}

/** Write all of `bytes` at `position` of `fd`. */
export function writeExactly(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) done += writeSync(fd, bytes, done, bytes.length - done, position + done);
}
