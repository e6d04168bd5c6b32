/**
 * The delivery store of replicas that share one PostgreSQL queue. A delivery is recorded in one
 * transaction that inserts its id into `shepherd_deliveries` (the primary key is the dedupe across
 * replicas: a second copy, to this replica or another, finds the id and is a duplicate — when the
 * first copy is still being stored, the second waits on the key until it commits) and sends its
 * issue's job to the shared queue (`postgres-issue-queue.ts`), so the 202 comes after both are
 * committed and neither exists without the other. The ids kept are the newest `dedupeWindow`,
 * pruned by any replica every few seconds.
 *
 * Unfinished work lives in the queue's jobs, not here: `pending()` is empty (every replica's
 * workers take the jobs as they are due), and runs need no marks.
 */
import type pg from "pg";
import type { PgBoss } from "pg-boss";
import { DEFAULT_DEDUPE_WINDOW, type DeliveryStore } from "./delivery-store.ts";

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
  /** How often the ids past the window are pruned and the gauges read, ms. Default 5 s. */
  refreshMs?: number;
  onError?: (error: unknown) => void;
}

export const DELIVERIES_SCHEMA = `CREATE TABLE IF NOT EXISTS ${DELIVERIES_TABLE} (seq bigserial PRIMARY KEY, id text NOT NULL UNIQUE, at bigint NOT NULL)`;

/** The store over an open pool and a started pg-boss; `close()` releases neither (the queue's opener does). */
export function createPostgresDeliveryStore(options: PostgresStoreOptions): DeliveryStore & { refresh(): Promise<void> } {
  const { pool, boss, queue } = options;
  const window = options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW;
  let waiting = 0;
  let remembered = 0;
  let closed = false;

  async function refresh(): Promise<void> {
    await pool.query(`DELETE FROM ${DELIVERIES_TABLE} WHERE seq <= (SELECT max(seq) FROM ${DELIVERIES_TABLE}) - $1`, [window]);
    const counts = await pool.query<{ deliveries: string; waiting: string }>(
      `SELECT (SELECT count(*) FROM ${DELIVERIES_TABLE}) AS deliveries, (SELECT count(*) FROM pgboss.job WHERE name = $1 AND state < 'active') AS waiting`,
      [queue],
    );
    remembered = Number(counts.rows[0]?.deliveries ?? 0);
    waiting = Number(counts.rows[0]?.waiting ?? 0);
  }
  const timer = setInterval(() => {
    refresh().catch((error: unknown) => options.onError?.(error));
  }, options.refreshMs ?? 5000);
  timer.unref();

  return {
    durable: true,
    refresh,
    async seen(id) {
      const found = await pool.query(`SELECT 1 FROM ${DELIVERIES_TABLE} WHERE id = $1`, [id]);
      return (found.rowCount ?? 0) > 0;
    },
    async record({ id, issue, at }) {
      if (closed) throw new Error("the delivery store is closed");
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        if (id !== undefined) {
          const inserted = await client.query(`INSERT INTO ${DELIVERIES_TABLE} (id, at) VALUES ($1, $2) ON CONFLICT (id) DO NOTHING`, [id, at]);
          if (inserted.rowCount === 0) {
            await client.query("ROLLBACK");
            return "duplicate";
          }
        }
        if (issue !== undefined) {
          // The issue's key makes its jobs one at a time across replicas; a job already waiting takes this delivery too.
          const job: IssueJob = { issue };
          await boss.send(queue, job, { singletonKey: issue, db: { executeSql: (text, values) => client.query(text, values) } });
        }
        await client.query("COMMIT");
        return "stored";
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    pending: () => Promise.resolve([]),
    start: () => 0,
    finish: () => Promise.resolve(),
    retryAt: () => Promise.resolve(),
    size: () => ({ pending: waiting, deliveries: remembered }),
    close() {
      closed = true;
      clearInterval(timer);
      return Promise.resolve();
    },
  };
}
