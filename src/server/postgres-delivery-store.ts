/**
 * The delivery store of replicas that share one PostgreSQL queue. A delivery is recorded in one
 * transaction that inserts its id into `shepherd_deliveries` (the unique key is the dedupe across
 * replicas: a second copy, to this replica or another, finds the id and is a duplicate — when the
 * first copy is still being stored, the second waits on the key until it commits) and sends its
 * issue's job to the shared queue (`postgres-issue-queue.ts`), so the 202 comes after both are
 * committed and neither exists without the other. Deliveries that arrive together share one
 * transaction (group commits: one commit's fsync for many 202s). The ids kept are the newest
 * `dedupeWindow`, pruned by any replica every few seconds. `seen` answers from the ids this
 * replica stored lately, a shortcut before parsing; the table decides when a delivery is recorded.
 *
 * A delivery for an issue whose job waits for a retry (a back-off, or the delay pg-boss gives a job
 * whose replica died) makes that retry moot, as in one server's queue: the same transaction moves
 * the waiting job's start to now and resets its attempts, so the delivery folds into it and runs as
 * soon as a worker looks (within the workers' poll). The jobs waiting are counted every second
 * (`backlog`), for the queue limit and the gauges.
 *
 * Unfinished work lives in the queue's jobs, not here: `pending()` is empty (every replica's
 * workers take the jobs as they are due), and runs need no marks.
 */
import type pg from "pg";
import type { PgBoss } from "pg-boss";
import { DEFAULT_DEDUPE_WINDOW, type DeliveryStore, type RecordResult } from "./delivery-store.ts";
import { createWorkLedger } from "./work-ledger.ts";

/** The table of remembered delivery ids. */
export const DELIVERIES_TABLE = "shepherd_deliveries";

/** What a job of the shared queue carries: the issue, and which retry of it (0: a delivery's run). */
export interface IssueJob {
  issue: string;
  attempt?: number;
}

export interface PostgresStoreOptions {
  pool: pg.Pool;
  boss: PgBoss;
  /** The shared queue's name. */
  queue: string;
  /** Delivery ids remembered for dedupe. Default 10,000. */
  dedupeWindow?: number;
  /** How often the waiting jobs are counted, ms (the ids past the window are pruned every fifth time). Default 1 s. */
  refreshMs?: number;
  onError?: (error: unknown) => void;
}

export const DELIVERIES_SCHEMA = `CREATE TABLE IF NOT EXISTS ${DELIVERIES_TABLE} (seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, at bigint NOT NULL)`;

interface Waiting {
  id: string | undefined;
  issue: string | undefined;
  at: number;
  resolve: (result: RecordResult) => void;
  reject: (error: unknown) => void;
}

/** Transactions writing deliveries at once per replica; more deliveries wait and share the next. */
const WRITERS = 2;

/**
 * Jobs of these issues that wait for a retry start now, and forget their attempts (pg-boss 12's job
 * table; `state < 'active'` is created or retry). A job already due is left as it is.
 */
const RUN_RETRIES_NOW = `UPDATE pgboss.job SET start_after = now(), data = data - 'attempt'
  WHERE name = $1 AND singleton_key = ANY($2::text[]) AND state < 'active' AND start_after > now()`;

/** The jobs waiting in the shared queue, as last counted, and those this replica sent since. */
export interface Backlog {
  /** Jobs waiting (not running), all replicas together. */
  count(): number;
  /** Whether the issue has a job waiting, which a delivery for it would fold into. */
  has(issue: string): boolean;
  /** Read the issues of the waiting jobs too, when at least this many wait (to tell folds from new jobs near the limit). */
  watchFrom(count: number): void;
}

/** The store over an open pool and a started pg-boss; `close()` releases neither (the queue's opener does). */
export function createPostgresDeliveryStore(options: PostgresStoreOptions): DeliveryStore & { refresh(): Promise<void>; backlog: Backlog } {
  const { pool, boss, queue } = options;
  const window = options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW;
  /** Ids this replica stored lately: the shortcut `seen` answers from (the table is the authority). */
  const recent = createWorkLedger(window);
  let waiting = 0;
  let remembered = 0;
  let closed = false;
  let batch: Waiting[] = [];
  let writers = 0;
  /** Issues of the jobs waiting at the last count, read once `watchFrom` is reached. */
  let waitingIssues = new Set<string>();
  let watchFrom = Number.POSITIVE_INFINITY;
  /** Issues this replica sent jobs for since the last count started. */
  let sent = new Set<string>();
  let refreshes = 0;

  async function refresh(): Promise<void> {
    if (refreshes++ % 5 === 0) await pool.query(`DELETE FROM ${DELIVERIES_TABLE} WHERE seq <= (SELECT max(seq) FROM ${DELIVERIES_TABLE}) - $1`, [window]);
    // Jobs sent from now on may be missing from the count: they are kept beside it until the next.
    const before = sent;
    sent = new Set();
    try {
      const counts = await pool.query<{ deliveries: string; waiting: string }>(
        `SELECT (SELECT count(*) FROM ${DELIVERIES_TABLE}) AS deliveries, (SELECT count(*) FROM pgboss.job WHERE name = $1 AND state < 'active') AS waiting`,
        [queue],
      );
      remembered = Number(counts.rows[0]?.deliveries ?? 0);
      waiting = Number(counts.rows[0]?.waiting ?? 0);
      waitingIssues =
        waiting + before.size + sent.size < watchFrom
          ? new Set()
          : new Set((await pool.query<{ issue: string }>("SELECT singleton_key AS issue FROM pgboss.job WHERE name = $1 AND state < 'active'", [queue])).rows.map((row) => row.issue));
    } catch (error) {
      for (const issue of before) sent.add(issue);
      throw error;
    }
  }
  const timer = setInterval(() => {
    refresh().catch((error: unknown) => options.onError?.(error));
  }, options.refreshMs ?? 1000);
  timer.unref();

  const backlog: Backlog = {
    count() {
      if (waitingIssues.size === 0) return waiting + sent.size;
      let more = 0;
      for (const issue of sent) if (!waitingIssues.has(issue)) more += 1;
      return waiting + more;
    },
    has: (issue) => waitingIssues.has(issue) || sent.has(issue),
    watchFrom(count) {
      watchFrom = count;
    },
  };

  /**
   * One transaction for every delivery waiting: their ids inserted in one statement (sorted, so
   * that two replicas inserting the same ids take their locks in the same order and never
   * deadlock), then one job per issue among those that were new.
   */
  async function write(items: Waiting[]): Promise<RecordResult[]> {
    const client = await pool.connect();
    try {
      await client.query("BEGIN");
      const ids = [...new Set(items.flatMap((item) => (item.id === undefined ? [] : [item.id])))].sort();
      const fresh = new Set<string>();
      if (ids.length > 0) {
        const at = ids.map((id) => items.find((item) => item.id === id)?.at ?? 0);
        const inserted = await client.query<{ id: string }>(
          `INSERT INTO ${DELIVERIES_TABLE} (id, at) SELECT * FROM unnest($1::text[], $2::bigint[]) ON CONFLICT (id) DO NOTHING RETURNING id`,
          [ids, at],
        );
        for (const row of inserted.rows) fresh.add(row.id);
      }
      const results = items.map((item): RecordResult => {
        if (item.id === undefined) return "stored";
        // The first copy of an id in the batch is the one stored.
        return fresh.delete(item.id) ? "stored" : "duplicate";
      });
      const issues = [...new Set(items.flatMap((item, index) => (results[index] === "stored" && item.issue !== undefined ? [item.issue] : [])))].sort();
      if (issues.length > 0) {
        // A retry waiting for its back-off is moot now: it runs at once, and takes this delivery.
        await client.query(RUN_RETRIES_NOW, [queue, issues]);
        // The issue's key makes its jobs one at a time across replicas; a job already waiting takes this delivery too.
        const jobs = issues.map((issue) => ({ data: { issue } satisfies IssueJob, singletonKey: issue }));
        await boss.insert(queue, jobs, { db: { executeSql: (text, values) => client.query(text, values) } });
        for (const issue of issues) sent.add(issue);
      }
      await client.query("COMMIT");
      return results;
    } catch (error) {
      await client.query("ROLLBACK").catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  function flush(): void {
    while (writers < WRITERS && batch.length > 0) {
      const items = batch;
      batch = [];
      writers += 1;
      write(items)
        .then(
          (results) =>
            items.forEach((item, index) => {
              if (item.id !== undefined) recent.addId(item.id);
              item.resolve(results[index] ?? "duplicate");
            }),
          (error: unknown) => items.forEach((item) => item.reject(error)),
        )
        .finally(() => {
          writers -= 1;
          flush();
        });
    }
  }

  return {
    durable: true,
    refresh,
    backlog,
    seen: (id) => Promise.resolve(recent.hasId(id)),
    record({ id, issue, at }) {
      if (closed) return Promise.reject(new Error("the delivery store is closed"));
      return new Promise<RecordResult>((resolve, reject) => {
        batch.push({ id, issue, at, resolve, reject });
        // Deliveries that arrive in the same turn, or while the writers are busy, share a transaction.
        if (batch.length === 1) setImmediate(flush);
      });
    },
    pending: () => Promise.resolve([]),
    start: () => 0,
    finish: () => Promise.resolve(),
    retryAt: () => Promise.resolve(),
    size: () => ({ pending: backlog.count(), deliveries: remembered }),
    close() {
      closed = true;
      clearInterval(timer);
      return Promise.resolve();
    },
  };
}
