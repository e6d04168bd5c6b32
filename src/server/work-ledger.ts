/**
 * The delivery store's state in memory: the newest delivery ids (the dedupe window, oldest
 * forgotten first) and each issue's pending work with the generation of its latest delivery. The
 * in-memory store is this alone; the SQLite store keeps it as the mirror of its tables, so that
 * `seen` and the marks never wait for the disk.
 */
import type { PendingIssue, WorkMark } from "./delivery-store.ts";

/** One issue's pending work. */
export interface Work {
  /** The generation of its latest delivery: a run that took it covers all the work. */
  generation: number;
  /** The generation of its oldest unfinished delivery: since when the work is pending (its order). */
  since: number;
  retryAt: number | undefined;
  /**
   * For a store with a file: the row it has sent for this work, as its retry time (`null`: a row
   * without one); `undefined` while no row of this work is known to be written. Later deliveries
   * for the issue leave the row as it is when its retry time is the same: the row only says that
   * work is pending, and since when.
   */
  written?: number | null | undefined;
}

export interface WorkLedger {
  hasId(id: string): boolean;
  /** Remember an id; the oldest are forgotten to keep the window. */
  addId(id: string): void;
  forgetId(id: string): void;
  /** New work for the issue: answers its new generation (any due retry is moot). */
  bump(issue: string): number;
  /** Work read back from disk at start, oldest first (its row is written). */
  restore(issue: string, generation: number, retryAt: number | undefined): void;
  /** The issue's pending work now (its generation and due retry), undefined when it has none. */
  work(issue: string): Work | undefined;
  /** The generation a run starting now covers (0: nothing pending). */
  mark(issue: string): WorkMark;
  /** Forget the issue's work if nothing newer than `mark` arrived; answers whether it did. */
  finish(issue: string, mark: WorkMark): boolean;
  /** Note a due retry; answers whether the issue has pending work. */
  retryAt(issue: string, at: number): boolean;
  pending(): PendingIssue[];
  ids(): number;
  issues(): number;
}

export function createWorkLedger(window: number): WorkLedger {
  const ids = new Map<string, true>(); // insertion-ordered: oldest first
  const work = new Map<string, Work>();
  let generation = 0;
  return {
    hasId: (id) => ids.has(id),
    addId(id) {
      ids.delete(id);
      ids.set(id, true);
      while (ids.size > window) ids.delete(ids.keys().next().value as string);
    },
    forgetId: (id) => void ids.delete(id),
    bump(issue) {
      generation += 1;
      // Work already pending keeps its place: the order is that of the oldest unfinished work.
      const current = work.get(issue);
      if (current === undefined) work.set(issue, { generation, since: generation, retryAt: undefined, written: undefined });
      else {
        current.generation = generation;
        current.retryAt = undefined;
      }
      return generation;
    },
    restore(issue, restored, retryAt) {
      generation = Math.max(generation, restored);
      work.set(issue, { generation: restored, since: restored, retryAt, written: retryAt ?? null });
    },
    work: (issue) => work.get(issue),
    mark: (issue) => work.get(issue)?.generation ?? 0,
    finish(issue, mark) {
      const current = work.get(issue);
      if (current === undefined || current.generation !== mark) return false;
      work.delete(issue);
      return true;
    },
    retryAt(issue, at) {
      const current = work.get(issue);
      if (current === undefined) return false;
      current.retryAt = at;
      return true;
    },
    pending: () => [...work].map(([issue, { retryAt }]) => (retryAt === undefined ? { issue } : { issue, retryAt })),
    ids: () => ids.size,
    issues: () => work.size,
  };
}
