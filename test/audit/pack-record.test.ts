/**
 * Packed records of an audit: unpacked, equal to the record (keys, order, values), hostile keys
 * kept as keys; shared texts and shapes make repeated records small; the bytes go to the spill a
 * slab at a time, memory or a real temporary file alike, and released records free their slabs.
 */
import { readdirSync } from "node:fs";
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { MemorySpill } from "../../src/audit/memory-spill.ts";
import { PackedList, RecordPacker } from "../../src/audit/pack-record.ts";
import { isTrackerError } from "../../src/core/tracker.ts";
import { SpillFile } from "../../src/file/spill-file.ts";

describe("packed records", () => {
  it("gives back any JSON-like record exactly (same serialisation, a fresh copy), with one packer over many records", () => {
    const packer = new RecordPacker();
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const packed = packer.pack(value);
        // Packed twice: the second time its short texts come from the table.
        const again = packer.pack(value);
        for (const bytes of [packed, again]) {
          const copy = packer.unpack(bytes);
          expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
          expect(copy).toStrictEqual(value);
          if (value !== null && typeof value === "object") expect(copy).not.toBe(value);
        }
      }),
    );
  });

  it("keeps undefined fields, -0, NaN, large and negative numbers, any text, and a __proto__ key as a key", () => {
    const packer = new RecordPacker();
    const record = JSON.parse('{"a":1,"__proto__":{"polluted":true},"z":[1,"x",null]}') as Record<string, unknown>;
    // The whole numbers near the edge of exactness, where a zigzag code of twice the magnitude is not exact.
    const edges = [2 ** 52 - 1, 2 ** 52, -(2 ** 52) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER];
    Object.assign(record, { category: undefined, elapsed: Number.NaN, zero: -0, big: 2 ** 60, negative: -1_772_764_020_000, half: 0.5, text: "é — 😀\u0000", edges });
    const copy = packer.unpack(packer.pack(record));
    expect(Object.keys(copy)).toEqual(["a", "__proto__", "z", "category", "elapsed", "zero", "big", "negative", "half", "text", "edges"]);
    expect(copy.edges).toEqual(edges);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(copy.elapsed).toBeNaN();
    expect(Object.is(copy.zero, -0)).toBe(true);
    expect("category" in copy).toBe(true);
    expect(copy).toStrictEqual(record);
  });

  it("refuses what is not plain data instead of packing it wrong", () => {
    expect(() => new RecordPacker().pack({ run: () => 1 })).toThrow(/plain data only, found a function/);
  });

  it("packs a record repeated with other numbers and ids into a fraction of its JSON", () => {
    const packer = new RecordPacker();
    const line = (n: number) => ({
      id: `acme/support#${n}`,
      state: "open",
      clocks: [{ clock: "first-response", state: "breached", targetMs: 1_800_000, dueAt: 1_772_764_020_000 + n }],
      operations: [{ operation: { kind: "add-labels", labels: ["sla/breached"], rule: "sla", reason: "breached: first-response" }, status: "applied" }],
    });
    let packed = 0;
    let json = 0;
    for (let n = 0; n < 1000; n++) {
      packed += packer.sizeOf(packer.pack(line(n)));
      json += JSON.stringify(line(n)).length;
    }
    expect(packed).toBeLessThan(json / 4);
  });

  it("leaves texts that repeat only inside a record (an id, a URL) out of the table, so it still has room for what repeats across records", () => {
    const packer = new RecordPacker();
    // More records than the table holds, each naming its own id twice.
    for (let n = 0; n < 70_000; n++) packer.pack({ id: `acme/support#${n}`, again: `acme/support#${n}` });
    const reason = `breached: first-response ${"x".repeat(150)}`;
    const first = packer.sizeOf(packer.pack({ reason }));
    const second = packer.sizeOf(packer.pack({ reason }));
    expect(first).toBeGreaterThan(150);
    expect(second).toBeLessThan(10);
  });

  it("hands the spill whole slabs, not a write per record, and frees a slab once its records are all released", () => {
    const spill = new MemorySpill();
    const packer = new RecordPacker(spill);
    const record = (n: number) => ({ id: `acme/support#${n}`, body: `${"x".repeat(900)}${n}` });
    const ids = Array.from({ length: 3000 }, (_, n) => packer.pack(record(n)));
    // About 2.7 MB packed: two slabs handed over, the third still being filled.
    expect(spill.held).toBeGreaterThan(1_500_000);
    expect(spill.held).toBeLessThanOrEqual(2 * (1 << 20));
    ids.forEach((id, n) => expect(packer.unpack(id)).toEqual(record(n)));
    for (const id of ids) packer.release(id);
    expect(spill.held).toBe(0);
    expect(() => packer.unpack(ids[0] as number)).toThrow(/released/);
    // A slab with one record still in use stays.
    const kept = packer.pack(record(1));
    for (let n = 0; n < 1200; n++) packer.release(packer.pack(record(n)));
    expect(spill.held).toBeGreaterThan(0);
    expect(packer.unpack(kept)).toEqual(record(1));
  });

  it("keeps a record larger than an eighth of a slab on its own, between records in slabs", () => {
    const packer = new RecordPacker();
    const small = packer.pack({ n: 1 });
    const large = packer.pack({ body: "é".repeat(300_000) });
    const after = packer.pack({ n: 2 });
    expect(packer.sizeOf(large)).toBeGreaterThan(600_000);
    expect(packer.unpack(large)).toEqual({ body: "é".repeat(300_000) });
    expect(packer.unpack(small)).toEqual({ n: 1 });
    expect(packer.unpack(after)).toEqual({ n: 2 });
  });
});

describe("records in a spill file", () => {
  let directory: string;
  beforeEach(async () => {
    directory = await mkdtemp(join(tmpdir(), "shepherd-spill-test-"));
  });
  afterEach(async () => {
    await rm(directory, { recursive: true, force: true });
  });

  it("reads back the same records as memory does, in any order, and leaves no file in the directory", () => {
    const file = new SpillFile(directory);
    // Removed at once: a run that is killed leaves nothing behind.
    expect(readdirSync(directory)).toEqual([]);
    const inFile = new RecordPacker(file);
    const inMemory = new RecordPacker();
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { minLength: 1, maxLength: 40 }), (values) => {
        const pairs = values.map((value) => [value, inFile.pack(value), inMemory.pack(value)] as const);
        for (const [value, a, b] of [...pairs].reverse()) {
          expect(inFile.unpack(a)).toStrictEqual(inMemory.unpack(b));
          expect(JSON.stringify(inFile.unpack(a))).toBe(JSON.stringify(value));
        }
      }),
    );
    const big = Array.from({ length: 5000 }, (_, n) => ({ n, text: `${n}`.repeat(200) }));
    const ids = big.map((record) => inFile.pack(record));
    expect(file.size).toBeGreaterThan(2_000_000);
    ids.forEach((id, n) => expect(inFile.unpack(id)).toEqual(big[n]));
    file.close();
    expect(readdirSync(directory)).toEqual([]);
    expect(() => inFile.unpack(ids[0] as number)).toThrow(/closed/);
  });

  it("says where and what to do when the directory cannot take the file, as a run failure", () => {
    let error: unknown;
    try {
      new SpillFile(join(directory, "no-such-directory"));
    } catch (caught) {
      error = caught;
    }
    expect(isTrackerError(error) && error.kind).toBe("transient");
    expect((error as Error).message).toMatch(/cannot keep the audit's records in .*no-such-directory.*ENOENT.*TMPDIR/);
  });
});

describe("a packed list", () => {
  it("hands back copies by position and in position order, skipping positions never put", () => {
    const list = new PackedList<{ n: number }>();
    list.put(2, { n: 2 });
    list.put(0, { n: 0 });
    list.put(4, { n: 4 });
    list.put(2, { n: 22 });
    expect(list.length).toBe(5);
    expect(list.get(2)).toEqual({ n: 22 });
    expect(list.get(1)).toBeUndefined();
    expect([...list]).toEqual([{ n: 0 }, { n: 22 }, { n: 4 }]);
  });
});
