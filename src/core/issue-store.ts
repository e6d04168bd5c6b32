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
