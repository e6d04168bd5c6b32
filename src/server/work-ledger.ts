/**
 * The delivery store's state in memory: the newest delivery ids (the dedupe window, oldest
 * forgotten first) and each issue's pending work with the generation of its latest delivery. The
 * in-memory store is this alone; the SQLite store keeps it as the mirror of its tables, so that
 * `seen` and the marks never wait for the disk.
 */
import type { PendingIssue, WorkMark } from "./delivery-store.ts";

/** One issue's pending work. */
export interface Work {
  generation: number;
  retryAt: number | undefined;
}

export interface WorkLedger {
  hasId(id: string): boolean;
  /** Remember an id; answers the ids forgotten to keep the window. */
  addId(id: string): readonly string[];
  forgetId(id: string): void;
  /** New work for the issue: answers its new generation (any due retry is moot). */
  bump(issue: string): number;
  /** Work read back from disk at start, oldest first. */
  restore(issue: string, generation: number, retryAt: number | undefined): void;
  /** The issue's pending work now (its generation and due retry), undefined when it has none. */
  work(issue: string): Readonly<Work> | undefined;
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

/** No ids forgotten (shared, never changed). */
const NONE: readonly string[] = [];

export function createWorkLedger(window: number): WorkLedger {
  const ids = new Map<string, true>(); // insertion-ordered: oldest first
  const work = new Map<string, Work>();
  let generation = 0;
  return {
    hasId: (id) => ids.has(id),
    addId(id) {
      ids.delete(id);
      ids.set(id, true);
      if (ids.size <= window) return NONE;
      const forgotten: string[] = [];
      for (const oldest of ids.keys()) {
        if (ids.size <= window) break;
        ids.delete(oldest);
        forgotten.push(oldest);
      }
      return forgotten;
    },
    forgetId: (id) => void ids.delete(id),
    bump(issue) {
      generation += 1;
      work.delete(issue); // re-inserted: the order stays that of the newest work
      work.set(issue, { generation, retryAt: undefined });
      return generation;
    },
    restore(issue, restored, retryAt) {
      generation = Math.max(generation, restored);
      work.set(issue, { generation: restored, retryAt });
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
