/**
 * Records as an audit keeps them until its end — a plan per issue until it is applied, then a
 * report line per issue — packed into bytes outside the JavaScript heap: at 100,000 issues they
 * are most of the run's memory. As objects a record takes about 5 KB of heap (clocks, operations,
 * comment bodies as two-byte strings); packed, about 1.5 KB: long texts as UTF-8, and what repeats
 * from record to record (an object's keys, short texts seen before: rule names, labels, states)
 * as a number into tables shared by the records of one packer.
 *
 * Unpacking gives back an equal copy of plain data: the same keys in the same order, the same
 * values (undefined, NaN and -0 included), so every report prints the same bytes.
 */

/** A record of type T, packed by a `RecordPacker`. */
export type Packed<T> = Buffer & { readonly __packed?: T };

/** Texts up to this length may be shared through the table. */
const SHARED_MAX = 200;

/** The tables stop growing here (texts that vary per record, such as ids, stay inline). */
const TABLE_MAX = 1 << 16;

/**
 * Records are copied into slabs of this size, their own: in Node's shared pool of small buffers
 * each one would keep alive an 8 KB block that other code filled (a whole slab goes when all the
 * records in it are gone).
 */
const SLAB = 1 << 20;

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

/** Packs and unpacks records of plain data (objects, arrays, strings, numbers, booleans, null, undefined). */
export class RecordPacker {
  private readonly texts: string[] = [];
  private readonly textAt = new Map<string, number>();
  /** Short texts seen once: the second sighting puts one in the table. */
  private readonly once = new Set<string>();
  private readonly shapes: string[][] = [];
  private readonly shapeAt = new Map<string, number>();
  private out = Buffer.allocUnsafe(1 << 16);
  private end = 0;
  private slab = Buffer.allocUnsafeSlow(0);
  private slabEnd = 0;
  private input: Buffer = Buffer.alloc(0);
  private at = 0;

  /** The record as bytes (in a slab, see SLAB). */
  pack<T>(record: T): Packed<T> {
    this.end = 0;
    this.write(record);
    const length = this.end;
    if (length > SLAB / 8) return Buffer.from(this.out.subarray(0, length));
    if (this.slabEnd + length > this.slab.length) {
      this.slab = Buffer.allocUnsafeSlow(SLAB);
      this.slabEnd = 0;
    }
    const packed = this.slab.subarray(this.slabEnd, this.slabEnd + length);
    this.out.copy(packed, 0, 0, length);
    this.slabEnd += length;
    return packed;
  }

  /** A fresh copy of a record this packer packed. */
  unpack<T>(packed: Packed<T>): T {
    this.input = packed;
    this.at = 0;
    const value = this.read() as T;
    this.input = Buffer.alloc(0);
    return value;
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
        if (Number.isSafeInteger(value) && !Object.is(value, -0)) {
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
      if (index === undefined && this.once.has(value) && this.texts.length < TABLE_MAX) {
        index = this.texts.push(value) - 1;
        this.textAt.set(value, index);
        this.once.delete(value);
      } else if (index === undefined && this.once.size < TABLE_MAX) this.once.add(value);
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

  /** Pack `record` at `at`, replacing what was there. */
  put(at: number, record: T): void {
    this.records[at] = this.packer.pack(record);
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
