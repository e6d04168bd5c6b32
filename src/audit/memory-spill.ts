/**
 * A byte spill in memory: each appended piece is copied into a buffer of its own (never Node's
 * shared pool of small buffers, where one record would keep alive an 8 KB block that other code
 * filled), and a piece is dropped once every byte in it is released.
 */
import type { ByteSpill } from "../core/byte-spill.ts";

interface Piece {
  bytes: Buffer;
  /** Bytes of it not yet released. */
  live: number;
}

/** A spill that keeps its pieces in memory (see the module comment). */
export class MemorySpill implements ByteSpill {
  /** Where each piece starts, ascending; `pieces` holds them (undefined once dropped). */
  private readonly starts: number[] = [];
  private readonly pieces: (Piece | undefined)[] = [];
  private end = 0;

  /** Bytes held now (pieces not yet dropped). */
  get held(): number {
    let total = 0;
    for (const piece of this.pieces) total += piece?.bytes.length ?? 0;
    return total;
  }

  append(bytes: Uint8Array): number {
    const position = this.end;
    const copy = Buffer.allocUnsafeSlow(bytes.length);
    copy.set(bytes);
    this.starts.push(position);
    this.pieces.push({ bytes: copy, live: bytes.length });
    this.end += bytes.length;
    return position;
  }

  read(position: number, length: number, into: Uint8Array): void {
    const at = this.pieceAt(position);
    const piece = this.pieces[at];
    const offset = position - (this.starts[at] as number);
    if (piece === undefined || offset + length > piece.bytes.length) throw new RangeError(`no bytes kept at ${position} (+${length})`);
    piece.bytes.copy(into, 0, offset, offset + length);
  }

  release(position: number, length: number): void {
    const at = this.pieceAt(position);
    const piece = this.pieces[at];
    if (piece === undefined) return;
    piece.live -= length;
    if (piece.live <= 0) this.pieces[at] = undefined;
  }

  /** The index of the piece holding `position`: the last one starting at or before it. */
  private pieceAt(position: number): number {
    let low = 0;
    let high = this.starts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >> 1;
      if ((this.starts[middle] as number) <= position) low = middle;
      else high = middle - 1;
    }
    return low;
  }
}
