/**
 * Compact copies of an audit's records: equal to the record (keys, order, values), hostile keys
 * kept as keys.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createCompactor } from "../../src/audit/compact-record.ts";

describe("compact records", () => {
  it("copies any JSON-like record exactly (same serialisation, not the same objects)", () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        const compact = createCompactor();
        const copy = compact(value);
        expect(JSON.stringify(copy)).toBe(JSON.stringify(value));
        expect(copy).toStrictEqual(value);
        if (value !== null && typeof value === "object") expect(copy).not.toBe(value);
      }),
    );
  });

  it("keeps undefined fields, numbers that JSON cannot hold, and a __proto__ key as a key", () => {
    const compact = createCompactor();
    const record = JSON.parse('{"a":1,"__proto__":{"polluted":true},"z":[1,"x"]}') as Record<string, unknown>;
    Object.assign(record, { category: undefined, elapsed: Number.NaN });
    const copy = compact(record);
    expect(Object.keys(copy)).toEqual(["a", "__proto__", "z", "category", "elapsed"]);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(copy.elapsed).toBeNaN();
    expect("category" in copy).toBe(true);
  });
});
