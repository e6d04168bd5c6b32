/**
 * Records as an audit keeps them until its end — a plan per issue until it is applied, then a
 * report line per issue — packed into bytes outside the JavaScript heap: at 100,000 issues they
 * are most of what the run keeps. As objects a record takes about 5 KB of heap (clocks,
 * operations, comment bodies as two-byte strings); packed, about 1.5 KB: long texts as UTF-8, and
 * what repeats from record to record (an object's keys, short texts seen before: rule names,
 * labels, states) as a number into tables shared by the records of one packer.
 *
 * The bytes go to a spill (`ByteSpill`) a slab at a time: memory by default, freed as records are
 * released; a file when the composition root gives one, so that a large audit keeps them in the
 * page cache and not in its own memory. A record is named by a number, so that what the heap
 * holds per record is that number.
 *
 * Unpacking gives back an equal copy of plain data: the same keys in the same order, the same
 * values (undefined, NaN and -0 included), so every report prints the same bytes.
 */
import type { ByteSpill } from "../core/byte-spill.ts";
import { MemorySpill } from "./memory-spill.ts";

/**
 * A record of type T, packed by a `RecordPacker`: a number that names it there. Only that packer
 * can read it, and only until it is released.
 */
export type Packed<T> = number & { readonly __packed?: T };

/** Texts up to this length may be shared through the table. */
const SHARED_MAX = 200;

/** The tables stop growing here (texts that vary per record, such as ids, stay inline). */
const TABLE_MAX = 1 << 16;

/** Texts seen once that are remembered, waiting for a second record to use them. */
const ONCE_MAX = 1 << 13;

/**
 * Records are gathered into a slab of this size and handed to the spill a slab at a time (one
 * write to a file, one buffer in memory); a record of more than an eighth of it goes on its own.
 */
const SLAB = 1 << 20;

/** The largest magnitude packed as a whole number (its zigzag form, 2^53 - 1, is exact). */
const ZIGZAG_MAX = 2 ** 52 - 1;

const NULL = 0;
const UNDEFINED = 1;
const FALSE = 2;
const TRUE = 3;
const INTEGER = 4;
const DOUBLE = 5;
const TEXT = 6;
const SHARED = 7;
const ARRAY = 8;
const OBJECT = 9;

/** Where each record is: its position (in the spill, or in the slab not handed over yet) and length. */
class RecordTable {
  positions = new Float64Array(1024);
  lengths = new Float64Array(1024);
  /** 1 once the record is released. */
  released = new Uint8Array(1024);
  size = 0;

  add(position: number, length: number): number {
    if (this.size === this.positions.length) {
      const grow = <A extends Float64Array | Uint8Array>(array: A, make: (n: number) => A): A => {
        const grown = make(2 * array.length);
        grown.set(array);
        return grown;
      };
      this.positions = grow(this.positions, (n) => new Float64Array(n));
      this.lengths = grow(this.lengths, (n) => new Float64Array(n));
      this.released = grow(this.released, (n) => new Uint8Array(n));
    }
    this.positions[this.size] = position;
    this.lengths[this.size] = length;
    return this.size++;
  }
}

/**
 * Packs and unpacks records of plain data (objects, arrays, strings, numbers, booleans, null,
 * undefined), keeping their bytes in a spill: memory unless one is given.
 */
export class RecordPacker {
  private readonly texts: string[] = [];
  private readonly textAt = new Map<string, number>();
  /**
   * Short texts seen in one record so far, with the record they were seen in: a sighting in a
   * second record puts one in the table, so that what repeats only inside a record (an issue's
   * id, its URL) never fills it. A window: forgotten all at once when it is full.
   */
  private readonly once = new Map<string, number>();
  /** How many records were packed: the record a sighting belongs to. */
  private serial = 0;
  private readonly shapes: string[][] = [];
  private readonly shapeAt = new Map<string, number>();
  private readonly spill: ByteSpill;
  private readonly records = new RecordTable();
  private out = Buffer.allocUnsafe(1 << 16);
  private end = 0;
  /** Records from this one on are in the slab (their positions are offsets in it). */
  private slabFrom = 0;
  private readonly slab = Buffer.allocUnsafeSlow(SLAB);
  private slabEnd = 0;
  /** What records read from the spill are read into, grown to the longest. */
  private scratch = Buffer.allocUnsafeSlow(1 << 16);
  private input: Buffer = Buffer.alloc(0);
  private at = 0;

  /** `spill`: where the records' bytes go; memory by default. */
  constructor(spill: ByteSpill = new MemorySpill()) {
    this.spill = spill;
  }

  /** The record, packed; read it with `unpack` until `release`. */
  pack<T>(record: T): Packed<T> {
    this.serial++;
    this.end = 0;
    this.write(record);
    const length = this.end;
    if (length > SLAB / 8) {
      this.handOver();
      const id = this.records.add(this.spill.append(this.out.subarray(0, length)), length);
      this.slabFrom = id + 1;
      return id;
    }
    if (this.slabEnd + length > SLAB) this.handOver();
    this.out.copy(this.slab, this.slabEnd, 0, length);
    const id = this.records.add(this.slabEnd, length);
    this.slabEnd += length;
    return id;
  }

  /** A fresh copy of a record this packer packed. */
  unpack<T>(packed: Packed<T>): T {
    const { positions, lengths, released } = this.records;
    if (!(packed >= 0 && packed < this.records.size) || released[packed] === 1) throw new Error(`not a record of this packer, or released (${packed})`);
    const position = positions[packed] as number;
    const length = lengths[packed] as number;
    if (packed >= this.slabFrom) {
      this.input = this.slab;
      this.at = position;
    } else {
      if (this.scratch.length < length) this.scratch = Buffer.allocUnsafeSlow(Math.max(length, 2 * this.scratch.length));
      this.spill.read(position, length, this.scratch);
      this.input = this.scratch;
      this.at = 0;
    }
    const value = this.read() as T;
    this.input = Buffer.alloc(0);
    return value;
  }

  /** The bytes a record takes. */
  sizeOf(packed: Packed<unknown>): number {
    return this.records.lengths[packed] as number;
  }

  /** The record is not needed any more: its bytes may be freed (unpacking it again throws). */
  release(packed: Packed<unknown>): void {
    const { positions, lengths, released } = this.records;
    if (released[packed] !== 0) return;
    released[packed] = 1;
    // One still in the slab is released once the slab is handed over.
    if (packed < this.slabFrom) this.spill.release(positions[packed] as number, lengths[packed] as number);
  }

  /** Hand the slab's records to the spill; their positions become the spill's. */
  private handOver(): void {
    const { positions, lengths, released, size } = this.records;
    if (this.slabEnd > 0) {
      const base = this.spill.append(this.slab.subarray(0, this.slabEnd));
      for (let id = this.slabFrom; id < size; id++) {
        positions[id] = (positions[id] as number) + base;
        if (released[id] === 1) this.spill.release(positions[id] as number, lengths[id] as number);
      }
    }
    this.slabFrom = size;
    this.slabEnd = 0;
  }

  private room(bytes: number): void {
    if (this.end + bytes <= this.out.length) return;
    const grown = Buffer.allocUnsafe(Math.max(2 * this.out.length, this.end + bytes));
    this.out.copy(grown, 0, 0, this.end);
    this.out = grown;
  }

  private byte(value: number): void {
    this.room(1);
    this.out[this.end++] = value;
  }

  /** A whole number from 0 up to 2^53, seven bits a byte. */
  private count(value: number): void {
    this.room(8);
    while (value >= 0x80) {
      this.out[this.end++] = (value % 0x80) | 0x80;
      value = Math.floor(value / 0x80);
    }
    this.out[this.end++] = value;
  }

  private write(value: unknown): void {
    switch (typeof value) {
      case "string":
        return this.text(value);
      case "number":
        // Zigzag doubles the magnitude: past 2^52 that is no longer exact, so those are doubles.
        if (Number.isSafeInteger(value) && Math.abs(value) <= ZIGZAG_MAX && !Object.is(value, -0)) {
          this.byte(INTEGER);
          // Zigzag: small negative numbers stay short.
          return this.count(value < 0 ? -2 * value - 1 : 2 * value);
        }
        this.byte(DOUBLE);
        this.room(8);
        this.end = this.out.writeDoubleLE(value, this.end);
        return;
      case "boolean":
        return this.byte(value ? TRUE : FALSE);
      case "undefined":
        return this.byte(UNDEFINED);
      case "object":
        if (value === null) return this.byte(NULL);
        if (Array.isArray(value)) {
          this.byte(ARRAY);
          this.count(value.length);
          for (const item of value as unknown[]) this.write(item);
          return;
        }
        return this.object(value as Record<string, unknown>);
      default:
        throw new TypeError(`a record holds plain data only, found a ${typeof value}`);
    }
  }

  private object(value: Record<string, unknown>): void {
    const keys = Object.keys(value);
    const name = JSON.stringify(keys);
    let shape = this.shapeAt.get(name);
    if (shape === undefined && this.shapes.length < TABLE_MAX) {
      shape = this.shapes.push(keys) - 1;
      this.shapeAt.set(name, shape);
    }
    this.byte(OBJECT);
    if (shape === undefined) {
      // Past the table: the keys are written out, as a count and texts (shape 0 is never that).
      this.count(0);
      this.count(keys.length);
      for (const key of keys) this.text(key);
    } else this.count(shape + 1);
    for (const key of keys) this.write(value[key]);
  }

  private text(value: string): void {
    if (value.length <= SHARED_MAX) {
      let index = this.textAt.get(value);
      if (index === undefined && this.texts.length < TABLE_MAX) {
        const seen = this.once.get(value);
        if (seen !== undefined && seen !== this.serial) {
          index = this.texts.push(value) - 1;
          this.textAt.set(value, index);
          this.once.delete(value);
        } else if (seen === undefined) {
          if (this.once.size >= ONCE_MAX) this.once.clear();
          this.once.set(value, this.serial);
        }
      }
      if (index !== undefined) {
        this.byte(SHARED);
        return this.count(index);
      }
    }
    this.byte(TEXT);
    const bytes = Buffer.byteLength(value, "utf8");
    this.count(bytes);
    this.room(bytes);
    this.end += this.out.write(value, this.end, "utf8");
  }

  private readCount(): number {
    let value = 0;
    let scale = 1;
    for (;;) {
      const byte = this.input[this.at++] as number;
      value += (byte & 0x7f) * scale;
      if (byte < 0x80) return value;
      scale *= 0x80;
    }
  }

  private read(): unknown {
    const tag = this.input[this.at++];
    switch (tag) {
      case NULL:
        return null;
      case UNDEFINED:
        return undefined;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INTEGER: {
        const zigzag = this.readCount();
        return zigzag % 2 === 1 ? -(zigzag + 1) / 2 : zigzag / 2;
      }
      case DOUBLE: {
        const value = this.input.readDoubleLE(this.at);
        this.at += 8;
        return value;
      }
      case TEXT: {
        const bytes = this.readCount();
        const value = this.input.toString("utf8", this.at, this.at + bytes);
        this.at += bytes;
        return value;
      }
      case SHARED:
        return this.texts[this.readCount()];
      case ARRAY: {
        const length = this.readCount();
        const items: unknown[] = [];
        for (let i = 0; i < length; i++) items.push(this.read());
        return items;
      }
      case OBJECT: {
        const shape = this.readCount();
        let keys: string[];
        if (shape === 0) {
          keys = [];
          for (let n = this.readCount(); n > 0; n--) keys.push(this.read() as string);
        } else keys = this.shapes[shape - 1] as string[];
        const out: Record<string, unknown> = {};
        for (const key of keys) {
          // A key such as `__proto__` (from an issue's data) stays a key.
          if (key === "__proto__") Object.defineProperty(out, key, { value: this.read(), enumerable: true, writable: true, configurable: true });
          else out[key] = this.read();
        }
        return out;
      }
      default:
        throw new Error(`not a packed record (tag ${String(tag)} at byte ${this.at - 1})`);
    }
  }
}

/**
 * Records by position (an issue's place in the listing), packed as they are put: a sparse list
 * that hands back fresh copies, in position order when iterated.
 */
export class PackedList<T> implements Iterable<T> {
  private readonly records: (Packed<T> | undefined)[] = [];
  private readonly packer: RecordPacker;

  /** `packer`: the tables to share (one per run); a list of its own by default. */
  constructor(packer: RecordPacker = new RecordPacker()) {
    this.packer = packer;
  }

  /** Positions up to the highest one put, plus one. */
  get length(): number {
    return this.records.length;
  }

  /** Pack `record` at `at`, replacing (and releasing) what was there. */
  put(at: number, record: T): void {
    const replaced = this.records[at];
    this.records[at] = this.packer.pack(record);
    if (replaced !== undefined) this.packer.release(replaced);
  }

  /** A copy of the record at `at`; undefined when none was put there. */
  get(at: number): T | undefined {
    const packed = this.records[at];
    return packed === undefined ? undefined : this.packer.unpack(packed);
  }

  /** Copies of every record, in position order (positions left empty are skipped). */
  *[Symbol.iterator](): Iterator<T> {
    for (const packed of this.records) if (packed !== undefined) yield this.packer.unpack(packed);
  }
}
