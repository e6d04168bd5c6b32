/**
 * The thread that owns the delivery store's SQLite connection: it opens the file, reads back
 * what it holds, and runs each group commit, so that the accept thread never spends its time in
 * SQLite. The open is synchronous for the caller (it waits on a shared flag for the thread's
 * answer), and so is its failure; a commit is a message answered once its COMMIT has returned.
 * The thread's code is JavaScript in a string (`eval`), so that it runs the same from the
 * sources and from the bundle, which has no file of it.
 */
import { MessageChannel, receiveMessageOnPort, Worker } from "node:worker_threads";

/** What the file holds at open: the highest sequence number, the window's ids, the pending rows. */
export interface WriterSnapshot {
  maxSeq: number;
  /** Delivery ids of the window, oldest first. */
  ids: string[];
  /** `[issue, generation, retryAt or null]`, oldest work first. */
  pending: [string, number, number | null][];
}

/** One group commit: delivery rows to insert, pending rows to write or delete, ids to prune. */
export interface WriterBatch {
  /** Flat triples: sequence number, delivery id, epoch ms. */
  deliveries: (number | string)[];
  /** Flat triples: issue, generation, retry time or null. */
  upserts: (number | string | null)[];
  deletes: string[];
  /** Delete the delivery rows up to this sequence number; -1: none. */
  pruneTo: number;
}

export interface SqliteWriter {
  snapshot: WriterSnapshot;
  /** Run one batch in one transaction; resolves after its COMMIT, rejects with SQLite's reason. */
  commit(batch: WriterBatch): Promise<void>;
  /** Close the connection and end the thread (after the commits asked for). */
  close(): Promise<void>;
  /** The thread has ended (closed, or failed on its own): commits are refused; a new writer goes on. */
  readonly ended: boolean;
}

/** The open failed: SQLite's own message, for the caller to explain. */
export class WriterOpenError extends Error {}

/** How long the open waits for the thread's answer before it gives up, in ms. */
const OPEN_TIMEOUT_MS = 30_000;

const WRITER_SOURCE = `
"use strict";
const { workerData } = process.getBuiltinModule("node:worker_threads");
const { path, sync, window, journalLimit, schema, version, flag, port } = workerData;
const answered = new Int32Array(flag);
const answer = (message) => { port.postMessage(message); Atomics.store(answered, 0, 1); Atomics.notify(answered, 0); };
const emitWarning = process.emitWarning;
process.emitWarning = (warning, ...rest) => {
  const kind = warning instanceof Error ? warning.name : typeof rest[0] === "string" ? rest[0] : rest[0]?.type;
  if (kind === "ExperimentalWarning" && /sqlite/i.test(String(warning?.message ?? warning))) return;
  emitWarning.call(process, warning, ...rest);
};
let db;
try {
  const { DatabaseSync } = process.getBuiltinModule("node:sqlite");
  process.emitWarning = emitWarning;
  db = new DatabaseSync(path, { timeout: 0 });
  db.exec("PRAGMA locking_mode = EXCLUSIVE");
  const journal = db.prepare("PRAGMA journal_mode = WAL").get();
  if (journal?.journal_mode !== "wal" && path !== ":memory:") throw new Error("the journal cannot be put in WAL mode (it is " + String(journal?.journal_mode) + ")");
  db.exec("PRAGMA synchronous = " + (sync === "full" ? "FULL" : "NORMAL"));
  db.exec("PRAGMA journal_size_limit = " + journalLimit);
  const found = Number(db.prepare("PRAGMA user_version").get()?.user_version ?? 0);
  if (found > version) throw new Error("the file was written by a newer issue-shepherd (layout " + found + "; this one reads " + version + ")");
  db.exec("BEGIN IMMEDIATE");
  db.exec(schema);
  db.exec("PRAGMA user_version = " + version);
  db.exec("COMMIT");
  const maxSeq = Number(db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM deliveries").get().seq);
  const ids = db.prepare("SELECT id FROM deliveries WHERE seq > ? ORDER BY seq").all(maxSeq - window).map((row) => row.id);
  const pending = db.prepare("SELECT issue, gen, retry_at FROM pending ORDER BY gen").all().map((row) => [row.issue, Number(row.gen), row.retry_at === null ? null : Number(row.retry_at)]);
  answer({ ok: true, snapshot: { maxSeq, ids, pending } });
} catch (error) {
  process.emitWarning = emitWarning;
  try { db?.close(); } catch {}
  db = undefined;
  answer({ ok: false, error: error instanceof Error ? error.message : String(error) });
  port.close();
}
if (db !== undefined) {
  const begin = db.prepare("BEGIN");
  const commit = db.prepare("COMMIT");
  const rollback = db.prepare("ROLLBACK");
  const insertDelivery = db.prepare("INSERT INTO deliveries (seq, id, at) VALUES (?, ?, ?)");
  const prune = db.prepare("DELETE FROM deliveries WHERE seq <= ?");
  const upsert = db.prepare("INSERT INTO pending (issue, gen, retry_at) VALUES (?, ?, ?) ON CONFLICT (issue) DO UPDATE SET gen = excluded.gen, retry_at = excluded.retry_at");
  const remove = db.prepare("DELETE FROM pending WHERE issue = ?");
  port.on("message", (batch) => {
    if (batch === "close") {
      db.close();
      port.postMessage("closed");
      port.close();
      return;
    }
    try {
      begin.run();
      const rows = batch.deliveries;
      for (let at = 0; at < rows.length; at += 3) insertDelivery.run(rows[at], rows[at + 1], rows[at + 2]);
      const upserts = batch.upserts;
      for (let at = 0; at < upserts.length; at += 3) upsert.run(upserts[at], upserts[at + 1], upserts[at + 2]);
      for (const issue of batch.deletes) remove.run(issue);
      if (batch.pruneTo >= 0) prune.run(batch.pruneTo);
      commit.run();
      port.postMessage(undefined);
    } catch (error) {
      try { if (db.isTransaction) rollback.run(); } catch {}
      port.postMessage(error instanceof Error ? error.message : String(error));
    }
  });
}
`;

export interface WriterOptions {
  path: string;
  sync: "normal" | "full";
  /** Delivery ids read back at open. */
  window: number;
  journalLimit: number;
  /** The tables' CREATE statements, and the layout version the file is given. */
  schema: string;
  version: number;
}

/** Start the thread and open the file; throws `WriterOpenError` with SQLite's reason when it cannot. */
export function startSqliteWriter(options: WriterOptions): SqliteWriter {
  const flag = new SharedArrayBuffer(4);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(WRITER_SOURCE, { eval: true, workerData: { ...options, flag, port: port2 }, transferList: [port2], stdout: false, stderr: false });
  worker.unref();
  if (Atomics.wait(new Int32Array(flag), 0, 0, OPEN_TIMEOUT_MS) === "timed-out") {
    void worker.terminate();
    throw new WriterOpenError(`the store's thread did not open the file within ${OPEN_TIMEOUT_MS / 1000} s`);
  }
  const opened = receiveMessageOnPort(port1)?.message as { ok: true; snapshot: WriterSnapshot } | { ok: false; error: string } | undefined;
  if (opened?.ok !== true) {
    port1.close();
    throw new WriterOpenError(opened?.error ?? "the store's thread ended before it answered");
  }
  /** Commits sent and not answered yet, in the order sent (the thread answers in that order). */
  const waiting: { resolve: () => void; reject: (error: Error) => void }[] = [];
  let stopped: Error | undefined;
  let onClosed: (() => void) | undefined;
  let closing = false;
  const fail = (error: Error): void => {
    stopped ??= error;
    for (const waiter of waiting.splice(0)) waiter.reject(error);
    onClosed?.();
  };
  port1.on("message", (message: unknown) => {
    if (message === "closed") {
      onClosed?.();
      return;
    }
    const waiter = waiting.shift();
    if (waiting.length === 0) port1.unref();
    if (typeof message === "string") waiter?.reject(new Error(message));
    else waiter?.resolve();
  });
  port1.unref();
  worker.on("error", (error: unknown) => fail(new Error(`the store's thread failed: ${error instanceof Error ? error.message : String(error)}`)));
  worker.on("exit", (code: number) => fail(new Error(closing ? "the delivery store is closed" : `the store's thread ended (exit code ${code})`)));
  return {
    snapshot: opened.snapshot,
    get ended() {
      return stopped !== undefined;
    },
    commit(batch) {
      if (stopped !== undefined) return Promise.reject(stopped);
      return new Promise<void>((resolve, reject) => {
        // Held while a commit is out: a process waiting for it does not end first.
        if (waiting.length === 0) port1.ref();
        waiting.push({ resolve, reject });
        port1.postMessage(batch);
      });
    },
    close() {
      if (stopped !== undefined) return Promise.resolve();
      closing = true;
      return new Promise<void>((resolve) => {
        onClosed = resolve;
        port1.ref();
        port1.postMessage("close");
      }).finally(() => {
        stopped ??= new Error("the delivery store is closed");
        port1.close();
      });
    },
  };
}
