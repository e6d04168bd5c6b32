/**
 * The delivery store in a SQLite file (Node's built-in `node:sqlite`), the server's embedded
 * default. Two tables: `deliveries` (the newest delivery ids, the dedupe window) and `pending`
 * (one row per issue with unfinished work: the generation of its latest delivery and when a retry
 * is due). Their contents are mirrored in memory (`work-ledger.ts`), so reads never wait for the
 * disk; writes are group-committed: every write asked for in one turn of the event loop goes into
 * one transaction, and each `record` resolves after the COMMIT that holds it. A commit inserts the
 * turn's delivery ids and writes each changed issue's row once, as the mirror has it then.
 *
 * Durability: WAL journal. With `synchronous=NORMAL` (the default) a commit has reached the
 * operating system when it returns, so a process that is killed (kill -9, a crash, an OOM kill)
 * loses nothing it answered; a power loss or kernel crash may lose the last commits before the
 * next checkpoint (the file stays consistent). `sync: "full"` syncs the journal at every commit
 * and so survives power loss too, at the cost of one fsync per group commit.
 *
 * The file is opened in exclusive locking mode: one server per file. A second server on the same
 * file fails at start instead of processing the same work twice. The file stays bounded: finished
 * work is deleted, ids older than the window are pruned at each commit, the WAL is truncated after
 * checkpoints, and freed pages are reused.
 */
import type { DatabaseSync, StatementSync } from "node:sqlite";
import { DEFAULT_DEDUPE_WINDOW, type DeliveryStore, type RecordResult } from "./delivery-store.ts";
import { loadSqlite } from "./load-sqlite.ts";
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

function openDatabase(path: string, sync: StoreSync): DatabaseSync {
  const { DatabaseSync } = loadSqlite();
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { timeout: 0 });
    // Exclusive before WAL: the lock is held from the first access to close, and no shared-memory file is needed.
    db.exec("PRAGMA locking_mode = EXCLUSIVE");
    const journal = db.prepare("PRAGMA journal_mode = WAL").get() as { journal_mode?: unknown } | undefined;
    if (journal?.journal_mode !== "wal" && path !== ":memory:") throw new Error(`the journal cannot be put in WAL mode (it is ${String(journal?.journal_mode)})`);
    db.exec(`PRAGMA synchronous = ${sync === "full" ? "FULL" : "NORMAL"}`);
    db.exec(`PRAGMA journal_size_limit = ${JOURNAL_SIZE_LIMIT}`);
    const version = Number((db.prepare("PRAGMA user_version").get() as { user_version?: unknown } | undefined)?.user_version ?? 0);
    if (version > SCHEMA_VERSION) throw new Error(`the file was written by a newer issue-shepherd (layout ${version}; this one reads ${SCHEMA_VERSION})`);
    db.exec("BEGIN IMMEDIATE");
    db.exec(SCHEMA);
    db.exec(`PRAGMA user_version = ${SCHEMA_VERSION}`);
    db.exec("COMMIT");
    return db;
  } catch (error) {
    try {
      db?.close();
    } catch {
      // The open failed already; that failure is the one to report.
    }
    throw new StoreOpenError(explainOpenFailure(path, error));
  }
}

const DUPLICATE: Promise<RecordResult> = Promise.resolve("duplicate");
const stored = (): RecordResult => "stored";

/** Open (or create) the store file, read back its unfinished work and delivery ids. */
export function openSqliteDeliveryStore(options: SqliteStoreOptions): DeliveryStore {
  const window = options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW;
  const db = openDatabase(options.path, options.sync ?? "normal");
  const ledger = createWorkLedger(window);

  const maxSeq = Number((db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM deliveries").get() as { seq: number | bigint }).seq);
  for (const row of db.prepare("SELECT id FROM deliveries WHERE seq > ? ORDER BY seq").all(maxSeq - window) as { id: string }[]) ledger.addId(row.id);
  for (const row of db.prepare("SELECT issue, gen, retry_at FROM pending ORDER BY gen").all() as { issue: string; gen: number | bigint; retry_at: number | bigint | null }[]) {
    ledger.restore(row.issue, Number(row.gen), row.retry_at === null ? undefined : Number(row.retry_at));
  }

  const statements = {
    begin: db.prepare("BEGIN"),
    commit: db.prepare("COMMIT"),
    rollback: db.prepare("ROLLBACK"),
    insertDelivery: db.prepare("INSERT INTO deliveries (seq, id, at) VALUES (?, ?, ?)"),
    prune: db.prepare("DELETE FROM deliveries WHERE seq <= ?"),
    upsertPending: db.prepare("INSERT INTO pending (issue, gen, retry_at) VALUES (?, ?, ?) ON CONFLICT (issue) DO UPDATE SET gen = excluded.gen, retry_at = excluded.retry_at"),
    deletePending: db.prepare("DELETE FROM pending WHERE issue = ?"),
  } satisfies Record<string, StatementSync>;

  let seq = maxSeq;
  /** The delivery ids waiting for the next commit, with their sequence numbers and times. */
  let ids: string[] = [];
  let seqs: number[] = [];
  let ats: number[] = [];
  /**
   * Issues whose pending work changed since the last commit: the commit writes each one's state
   * as the mirror has it then (a row, or none), so that many deliveries for an issue cost one row.
   */
  let touched = new Set<string>();
  /** Settles when the next commit is done; shared by every write waiting for it. */
  let next: { promise: Promise<void>; stored: Promise<RecordResult>; resolve: () => void; reject: (error: unknown) => void } | undefined;
  let closed = false;
  let pruned = maxSeq - window;

  function writeIssue(issue: string): void {
    const work = ledger.work(issue);
    if (work === undefined) statements.deletePending.run(issue);
    else statements.upsertPending.run(issue, work.generation, work.retryAt ?? null);
  }

  function flush(): void {
    const told = next;
    if (told === undefined) return;
    next = undefined;
    const batchIds = ids;
    const batchSeqs = seqs;
    const batchAts = ats;
    const issues = touched;
    ids = [];
    seqs = [];
    ats = [];
    touched = new Set();
    try {
      statements.begin.run();
      for (let at = 0; at < batchIds.length; at++) statements.insertDelivery.run(batchSeqs[at] ?? 0, batchIds[at] ?? "", batchAts[at] ?? 0);
      for (const issue of issues) writeIssue(issue);
      if (seq - window > pruned) {
        pruned = seq - window;
        statements.prune.run(pruned);
      }
      statements.commit.run();
    } catch (error) {
      try {
        if (db.isTransaction) statements.rollback.run();
      } catch {
        // Nothing more to undo on disk; the waiters hear of the first failure.
      }
      // Their 202s are refused, so their redeliveries must not be duplicates; the issues' state is written at the next commit.
      for (const id of batchIds) ledger.forgetId(id);
      for (const issue of issues) touched.add(issue);
      told.reject(error);
      return;
    }
    told.resolve();
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

  const background = (promise: Promise<void>): Promise<void> =>
    promise.catch((error: unknown) => {
      options.onError?.(error);
    });

  return {
    durable: options.path !== ":memory:",
    seen: (id) => Promise.resolve(ledger.hasId(id)),
    record({ id, issue, at }) {
      if (id !== undefined && ledger.hasId(id)) return DUPLICATE;
      if (closed) return Promise.reject(new Error("the delivery store is closed"));
      void nextCommit();
      // Set by nextCommit; shared by every record of this turn.
      const commit = (next as { stored: Promise<RecordResult> }).stored;
      // The mirror changes at once, so that a second copy arriving before the commit is a duplicate.
      if (id !== undefined) {
        ledger.addId(id);
        ids.push(id);
        seqs.push(++seq);
        ats.push(at);
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
      if (closed) return Promise.resolve();
      flush();
      closed = true;
      db.close();
      return Promise.resolve();
    },
  };
}
