/**
 * Packed records of an audit: unpacked, equal to the record (keys, order, values), hostile keys
 * kept as keys; shared texts and shapes make repeated records small; records sit in slabs of
 * their own, not in Node's shared buffer pool.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PackedList, RecordPacker } from "../../src/audit/pack-record.ts";

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
    Object.assign(record, { category: undefined, elapsed: Number.NaN, zero: -0, big: 2 ** 60, negative: -1_772_764_020_000, half: 0.5, text: "é — 😀\u0000" });
    const copy = packer.unpack(packer.pack(record));
    expect(Object.keys(copy)).toEqual(["a", "__proto__", "z", "category", "elapsed", "zero", "big", "negative", "half", "text"]);
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
      packed += packer.pack(line(n)).length;
      json += JSON.stringify(line(n)).length;
    }
    expect(packed).toBeLessThan(json / 4);
  });

  it("keeps records in slabs of its own: a record's bytes are not in Node's shared pool", () => {
    const packer = new RecordPacker();
    const small = Buffer.from("x");
    const packed = packer.pack({ a: "b" });
    expect(packed.buffer).not.toBe(small.buffer);
    expect(packer.pack({ a: "c" }).buffer).toBe(packed.buffer);
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
