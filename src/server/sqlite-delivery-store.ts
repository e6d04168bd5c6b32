/**
 * The delivery store in a SQLite file (Node's built-in `node:sqlite`), the server's embedded
 * default. Two tables: `deliveries` (the newest delivery ids, the dedupe window) and `pending`
 * (one row per issue with unfinished work: the generation of its oldest unfinished delivery and
 * when a retry is due). Their contents are mirrored in memory (`work-ledger.ts`), so reads never wait for the
 * disk; writes are group-committed by a thread of their own that owns the connection
 * (`sqlite-writer.ts`), one transaction at a time: every write asked for in a turn of the event
 * loop, or while the previous commit runs, goes into the next one, and each `record` resolves
 * after the COMMIT that holds it has returned in that thread. A commit inserts its delivery ids and
 * writes each changed issue's row once, as the mirror has it when the commit is sent: a row is
 * written when the issue's work becomes pending, when a retry time is set or cleared, and deleted
 * when the work is finished; more deliveries for work already pending write no row (the row keeps
 * the generation of the oldest unfinished delivery, so that work resumes oldest first). The accept
 * thread only gathers the rows and sends them; SQLite's time is spent beside it. A second copy of
 * a delivery whose commit has not returned yet is answered with that commit: a duplicate once it
 * has returned, refused (and the id forgotten) when it failed, never a duplicate of nothing kept.
 * A writer thread that ends on its own (a failure inside it) is replaced at the next commit: the
 * commits it had not answered are refused, the ones after go to the new thread.
 *
 * Durability: WAL journal. With `synchronous=NORMAL` (the default) a commit has reached the
 * operating system when it returns, so a process that is killed (kill -9, a crash, an OOM kill)
 * loses nothing it answered; a power loss or kernel crash may lose the last commits before the
 * next checkpoint (the file stays consistent). `sync: "full"` syncs the journal at every commit
 * and so survives power loss too, at the cost of one fsync per group commit.
 *
 * The file is opened in exclusive locking mode: one server per file. A second server on the same
 * file fails at start instead of processing the same work twice. The file stays bounded: finished
 * work is deleted, ids older than the window are pruned every few hundred deliveries, the WAL is
 * truncated after checkpoints, and freed pages are reused.
 */
import { DEFAULT_DEDUPE_WINDOW, type DeliveryStore, type RecordResult } from "./delivery-store.ts";
import { type SqliteWriter, startSqliteWriter, type WriterBatch } from "./sqlite-writer.ts";
import { createWorkLedger } from "./work-ledger.ts";

/** `normal`: survives a killed process; `full`: also a power loss (an fsync per commit). */
export type StoreSync = "normal" | "full";

export interface SqliteStoreOptions {
  /** The database file; created when missing (its folder must exist). */
  path: string;
  /** Delivery ids remembered for dedupe. Default 10,000. */
  dedupeWindow?: number;
  sync?: StoreSync;
  /** Where a commit that failed after the fact (a finish, a retry time) is reported. */
  onError?: (error: unknown) => void;
}

/** The store file cannot be used; the message says why, for the operator. */
export class StoreOpenError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "StoreOpenError";
  }
}

/** Layout of the file this code writes; a file of a later layout is refused. */
const SCHEMA_VERSION = 1;
/**
 * Delivery rows beyond the window that wait before they are pruned: one DELETE then frees whole
 * pages, where a prune at every commit would rewrite the table's first page each time.
 */
const PRUNE_STEP = 256;
/** Largest WAL file kept after a checkpoint, in bytes. */
const JOURNAL_SIZE_LIMIT = 4 * 1024 * 1024;

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS deliveries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS pending (issue TEXT PRIMARY KEY, gen INTEGER NOT NULL, retry_at INTEGER);
`;

const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error));

function explainOpenFailure(path: string, error: unknown): string {
  const why = reason(error);
  if (/locked|busy/i.test(why)) return `${path} is in use by another process (another shepherd serve?); each server needs a store file of its own (SQLite: ${why})`;
  if (/not a database|malformed/i.test(why)) return `${path} is not a shepherd store (SQLite: ${why}); point the store at a new file, or move this one away`;
  if (/unable to open|readonly|permission|cannot open/i.test(why))
    return `cannot open ${path} (SQLite: ${why}); the folder must exist and be writable by this process`;
  return `cannot use ${path} (SQLite: ${why})`;
}

const DUPLICATE: Promise<RecordResult> = Promise.resolve("duplicate");

/** A commit being gathered: the promise its writes wait on, and its `record` answer. */
interface Commit {
  promise: Promise<void>;
  stored: Promise<RecordResult>;
  resolve: () => void;
  reject: (error: unknown) => void;
}
const stored = (): RecordResult => "stored";
const duplicate = (): RecordResult => "duplicate";
const yes = (): boolean => true;
const no = (): boolean => false;

/** Open (or create) the store file, read back its unfinished work and delivery ids. */
export function openSqliteDeliveryStore(options: SqliteStoreOptions): DeliveryStore {
  const window = options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW;
  const writerOptions = { path: options.path, sync: options.sync ?? "normal", window, journalLimit: JOURNAL_SIZE_LIMIT, schema: SCHEMA, version: SCHEMA_VERSION } as const;
  let writer: SqliteWriter;
  try {
    writer = startSqliteWriter(writerOptions);
  } catch (error) {
    throw new StoreOpenError(explainOpenFailure(options.path, error));
  }
  const ledger = createWorkLedger(window);
  const { maxSeq } = writer.snapshot;
  for (const id of writer.snapshot.ids) ledger.addId(id);
  for (const [issue, generation, retryAt] of writer.snapshot.pending) ledger.restore(issue, generation, retryAt ?? undefined);

  let seq = maxSeq;
  /** The delivery rows waiting for the next commit: sequence number, id, time. */
  let deliveries: (number | string)[] = [];
  /** Their ids, forgotten again if the commit fails; a second copy of one waits for that commit. */
  let ids = new Set<string>();
  /**
   * Issues whose pending work changed since the last commit: the commit writes each one's state
   * as the mirror has it then (a row, or none), so that many deliveries for an issue cost one row.
   */
  let touched = new Set<string>();
  /** Settles when the next commit is done; shared by every write waiting for it. */
  let next: Commit | undefined;
  /** The commit the writer thread is running (one at a time: the next one gathers meanwhile). */
  let running: Promise<void> | undefined;
  /** The delivery ids of the running commit, and the answer of that commit to its writes. */
  let sent: { ids: ReadonlySet<string>; promise: Promise<void> } | undefined;
  let closed = false;
  let closing: Promise<void> | undefined;
  let pruned = maxSeq - window;

  /** Send the gathered writes to the writer thread as one transaction, unless one is running. */
  function flush(): void {
    const told = next;
    if (told === undefined || running !== undefined) return;
    next = undefined;
    const batchIds = ids;
    const issues = touched;
    const batch: WriterBatch = { deliveries, upserts: [], deletes: [], pruneTo: -1 };
    deliveries = [];
    ids = new Set();
    touched = new Set();
    /** The issues whose rows this commit writes: rewritten at the next one if it fails. */
    const written: string[] = [];
    for (const issue of issues) {
      const work = ledger.work(issue);
      if (work === undefined) batch.deletes.push(issue);
      else {
        // The row says that work is pending, since when, and when a retry is due: a newer delivery alone changes none of it.
        const retryAt = work.retryAt ?? null;
        if (work.written === retryAt) continue;
        work.written = retryAt;
        written.push(issue);
        batch.upserts.push(issue, work.since, retryAt);
      }
    }
    if (seq - window >= pruned + PRUNE_STEP) {
      pruned = seq - window;
      batch.pruneTo = pruned;
    }
    // A thread that ended under the store (a failure of its own) is replaced: it no longer holds the file.
    if (writer.ended) reopenWriter();
    sent = { ids: batchIds, promise: told.promise };
    running = writer.commit(batch).then(
      () => {
        sent = undefined;
        told.resolve();
      },
      (error: unknown) => {
        // Their 202s are refused, so their redeliveries must not be duplicates; the issues' state is written at the next commit.
        for (const id of batchIds) ledger.forgetId(id);
        for (const issue of issues) touched.add(issue);
        for (const issue of written) {
          const work = ledger.work(issue);
          if (work !== undefined) work.written = undefined;
        }
        sent = undefined;
        told.reject(error);
      },
    );
    void running.then(() => {
      running = undefined;
      flush();
    });
  }

  /** A new writer thread on the file (its snapshot is the mirror's already); when it cannot open, the commit is refused. */
  function reopenWriter(): void {
    try {
      writer = startSqliteWriter(writerOptions);
    } catch (error) {
      options.onError?.(new StoreOpenError(explainOpenFailure(options.path, error)));
    }
  }

  /** The commit the writes asked for in this turn of the event loop go into. */
  function nextCommit(): Promise<void> {
    if (closed) return Promise.reject(new Error("the delivery store is closed"));
    if (next === undefined) {
      let resolve: () => void = () => undefined;
      let reject: (error: unknown) => void = () => undefined;
      const promise = new Promise<void>((yes, no) => {
        resolve = yes;
        reject = no;
      });
      next = { promise, stored: promise.then(stored), resolve, reject };
      // The shared answer of `record` is awaited by its callers; unawaited, its failure is theirs to hear.
      next.stored.catch(() => undefined);
      setImmediate(flush);
    }
    return next.promise;
  }

  /**
   * The commit that holds this id and has not returned yet, if any. A copy of the delivery is only
   * a duplicate once that commit has returned: answered earlier, and the commit failing, no copy
   * would be kept, while the tracker, told duplicate, would never send it again.
   */
  function commitHolding(id: string): Promise<void> | undefined {
    if (next !== undefined && ids.has(id)) return next.promise;
    if (sent !== undefined && sent.ids.has(id)) return sent.promise;
    return undefined;
  }

  const background = (promise: Promise<void>): Promise<void> =>
    promise.catch((error: unknown) => {
      options.onError?.(error);
    });

  return {
    durable: options.path !== ":memory:",
    seen(id) {
      const holding = commitHolding(id);
      // A failed commit forgets its ids: the copy asking is then not a duplicate.
      return holding === undefined ? Promise.resolve(ledger.hasId(id)) : holding.then(yes, no);
    },
    seenNow: (id) => (commitHolding(id) === undefined ? ledger.hasId(id) : undefined),
    record({ id, issue, at }) {
      if (id !== undefined && ledger.hasId(id)) {
        const holding = commitHolding(id);
        return holding === undefined ? DUPLICATE : holding.then(duplicate);
      }
      if (closed) return Promise.reject(new Error("the delivery store is closed"));
      void nextCommit();
      // Set by nextCommit; shared by every record of this turn.
      const commit = (next as { stored: Promise<RecordResult> }).stored;
      // The mirror changes at once, so that a second copy arriving before the commit waits for it (commitHolding).
      if (id !== undefined) {
        ledger.addId(id);
        ids.add(id);
        deliveries.push(++seq, id, at);
      }
      if (issue !== undefined) {
        ledger.bump(issue);
        touched.add(issue);
      }
      return commit;
    },
    pending: () => Promise.resolve(ledger.pending()),
    start: (issue) => ledger.mark(issue),
    finish(issue, mark) {
      if (!ledger.finish(issue, mark)) return Promise.resolve();
      const commit = nextCommit();
      touched.add(issue);
      return background(commit);
    },
    retryAt(issue, at) {
      if (!ledger.retryAt(issue, at)) return Promise.resolve();
      const commit = nextCommit();
      touched.add(issue);
      return background(commit);
    },
    size: () => ({ pending: ledger.issues(), deliveries: ledger.ids() }),
    close() {
      closing ??= (async () => {
        closed = true;
        // What was asked for before the close is written first; a failure of it was told to its waiters.
        while (running !== undefined || next !== undefined) {
          flush();
          await running?.catch(() => undefined);
          await Promise.resolve();
        }
        await writer.close();
      })();
      return closing;
    },
  };
}
