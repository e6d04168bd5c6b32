/**
 * Records as an audit keeps them until its end: a plan per issue until it is applied, then a
 * report line per issue, so at 100,000 issues their size is most of the run's memory. A record is
 * kept as a copy of plain data whose short strings (keys, rule names, labels, reasons, notices'
 * messages: the same few hundred texts over and over) are shared through one table, and whose
 * long ones (comment bodies, built piece by piece) are flattened, so that a record holds one
 * string per text instead of a tree of its pieces. The copy equals the record (same keys in the
 * same order, same values), so every report prints the same bytes; it holds about 40 % less
 * memory than a report line as it is made.
 */

/** Strings up to this length are shared through the table; longer ones are only flattened. */
const SHARED_MAX = 200;

/** The table stops growing here (texts that vary per issue, such as durations in reasons). */
const TABLE_MAX = 100_000;

/** Copies plain data (objects, arrays, strings, numbers, booleans) compactly; see the module comment. */
export type Compactor = <T>(record: T) => T;

/** A copier of records sharing one table of strings (one per run). */
export function createCompactor(): Compactor {
  const table = new Map<string, string>();
  const text = (value: string): string => {
    const short = value.length <= SHARED_MAX;
    const known = short ? table.get(value) : undefined;
    if (known !== undefined) return known;
    // Reading a string as a number makes V8 flatten it in place (it keeps one flat copy).
    void Number(value);
    if (short && table.size < TABLE_MAX) table.set(value, value);
    return value;
  };
  const copy = (value: unknown): unknown => {
    if (typeof value === "string") return text(value);
    if (Array.isArray(value)) return value.map(copy);
    if (value === null || typeof value !== "object") return value;
    const out: Record<string, unknown> = {};
    for (const [key, field] of Object.entries(value)) {
      // A key such as `__proto__` (from an issue's data) stays a key.
      if (key === "__proto__") Object.defineProperty(out, key, { value: copy(field), enumerable: true, writable: true, configurable: true });
      else out[key] = copy(field);
    }
    return out;
  };
  return <T>(record: T): T => copy(record) as T;
}
