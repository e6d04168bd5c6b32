/**
 * Where an in-memory tracker keeps its issues: one entry per issue, in that tracker's own REST
 * shape, under the key the tracker names it by (a number, an issue key). The store knows nothing
 * of the shape; the in-memory trackers know nothing of where the entries live — a Map for tests,
 * or a snapshot file read lazily so that no size of file has to fit in memory at once.
 *
 * Callers treat entries as values: what `get` returns may be changed freely, and a change is kept
 * only once it is handed back with `set` (a Map store hands out its live entries; a file store
 * parses a fresh copy each time).
 */
export interface IssueStore<Entry> {
  /** How many issues the store holds. */
  readonly size: number;
  /** The keys in the order the issues are listed (a snapshot's order; new issues last). */
  keys(): IterableIterator<string>;
  has(key: string): boolean;
  /** The entry with that key, or undefined. */
  get(key: string): Entry | undefined;
  /** Add an issue (last) or replace one. */
  set(key: string, entry: Entry): void;
}

/** A store over a Map, for tests and for trackers small enough to hold whole. */
export function createMapStore<Entry>(entries: Iterable<readonly [string, Entry]> = []): IssueStore<Entry> & {
  /** The live entries (no copies), for tests that inspect the state. */
  readonly map: Map<string, Entry>;
} {
  const map = new Map<string, Entry>(entries);
  return {
    map,
    get size() {
      return map.size;
    },
    keys: () => map.keys(),
    has: (key) => map.has(key),
    get: (key) => map.get(key),
    set: (key, entry) => {
      map.set(key, entry);
    },
  };
}

/**
 * What a snapshot file store needs to know of one tracker's entries, given by that tracker's
 * in-memory implementation: how to check an entry read from a file, what it is keyed by, and what
 * the tracker derives from all entries together (labels, fields, users, statuses, the largest id
 * in use), folded one entry at a time while the file is indexed so that no pass holds the file.
 */
export interface EntryFormat<Entry, Catalog> {
  /** The snapshot's top-level `tracker` value this format reads, e.g. the adapter's source id. */
  readonly tracker: string;
  /**
   * The problems of one entry as read from a file, one line each naming `path` (the entry's JSON
   * path, e.g. `issues[3]`) and what was expected and found; empty when it is a usable entry.
   */
  check(value: unknown, path: string): string[];
  /** The key the tracker names the issue by (what `IssueStore` keys are). */
  keyOf(entry: Entry): string;
  /** A fresh fold over the entries: `add` each one in order, then `result`. */
  catalog(header: Readonly<Record<string, unknown>>): { add(entry: Entry): void; result(): Catalog };
}
