/**
 * Where a long run keeps bytes it will read back before it ends (an audit's packed plans and
 * report lines): appended in large pieces, read back by position, released when no longer needed.
 * Memory by default; a composition root may hand a file instead, so that what a run of 100,000
 * issues keeps lies in the page cache rather than in the process.
 */
export interface ByteSpill {
  /** Keep a copy of `bytes` (the caller may reuse them at once); the position they are at. */
  append(bytes: Uint8Array): number;
  /** Copy the `length` bytes kept at `position` into `into`, from its start. */
  read(position: number, length: number, into: Uint8Array): void;
  /**
   * The `length` bytes at `position` are no longer needed. A spill may free a piece once every
   * byte appended with it is released; one that cannot (a file) lets it be.
   */
  release(position: number, length: number): void;
}
