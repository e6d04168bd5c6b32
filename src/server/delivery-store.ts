/**
 * The delivery store port: where the webhook server keeps what it has promised to do. A delivery
 * answered 202 is recorded first (its id, for the dedupe window, and its issue's pending work);
 * a run of an issue takes a mark of the work it covers and finishes that mark when it is done, so
 * work that arrived during the run stays pending; a retry keeps the work with the time it is due.
 * At start, `pending()` is the unfinished work to resume. Work is kept per issue, not per
 * delivery: deliveries for one issue fold into one pending entry, as the queue folds them into
 * one run, so the store holds at most one entry per issue and the newest delivery ids.
 *
 * Implementations: in memory (not durable; tests and `--store :memory:`) and SQLite (the
 * embedded default). Every method answers a promise, so that a store over the network (a
 * PostgreSQL queue) implements the same port.
 */

/** Unfinished work of one issue, as found at start. */
export interface PendingIssue {
  issue: string;
  /** Epoch ms a retry is due, when the last run asked for one. */
  retryAt?: number;
}

/** A delivery to record: its identifier (if it had one) and the issue it asks to process (if any). */
export interface DeliveryRecord {
  id: string | undefined;
  /** Absent for a delivery that is only remembered for dedupe (ignored events, own changes). */
  issue: string | undefined;
  /** Epoch ms it was received. */
  at: number;
}

/** `stored`: recorded, durably when the store is; `duplicate`: the id is within the dedupe window. */
export type RecordResult = "stored" | "duplicate";

/** Opaque mark of the work a run covers (taken as it starts). */
export type WorkMark = number;

export interface DeliveryStore {
  /** Whether unfinished work survives the process (SQLite: yes; memory: no). */
  readonly durable: boolean;
  /** Whether a delivery with this id was recorded within the dedupe window. */
  seen(id: string): Promise<boolean>;
  /**
   * What `seen(id)` would answer, when the store knows it without waiting (no commit in flight
   * holds the id); undefined: ask `seen`. Optional: it spares the accept a wait for a promise.
   */
  seenNow?(id: string): boolean | undefined;
  /**
   * Record a delivery; resolves once it is stored (after the commit that holds it: several
   * deliveries may share one). Rejects when it could not be stored: the caller must not answer
   * 202 then.
   */
  record(delivery: DeliveryRecord): Promise<RecordResult>;
  /** Unfinished work, oldest first: what to resume at start. */
  pending(): Promise<PendingIssue[]>;
  /** A run of the issue starts: the mark of the work it covers. */
  start(issue: string): WorkMark;
  /** The run that took `mark` is done: its work is forgotten, unless deliveries arrived since. */
  finish(issue: string, mark: WorkMark): Promise<void>;
  /** The run asked to be retried at `at` (epoch ms): the work stays, with when it is due. */
  retryAt(issue: string, at: number): Promise<void>;
  /** Entries kept now: pending issues and remembered delivery ids (for tests and metrics). */
  size(): { pending: number; deliveries: number };
  /** Write what is waiting and release the store. Idempotent. */
  close(): Promise<void>;
}

/** How many delivery ids a store remembers for dedupe unless told otherwise. */
export const DEFAULT_DEDUPE_WINDOW = 10_000;
