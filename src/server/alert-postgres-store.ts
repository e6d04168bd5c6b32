/**
 * The alert store of replicas that share one PostgreSQL queue: the groups' state in the table
 * `shepherd_alert_groups` of the queue's database, so that a delivery taken by any replica folds
 * into the one state every replica's run reads. A merge is one transaction that locks the group's
 * row (`SELECT … FOR UPDATE`), folds and writes it: two replicas storing the two copies an HA pair
 * sent wait on each other, and neither copy is lost. The shared queue runs one group at a time
 * across replicas, so one issue is opened per group.
 */
import pg from "pg";
import { type AlertGroup, mergeGroups } from "../core/alerts/alert-group.ts";
import type { AlertStore, StoredAlertGroup } from "./alert-store.ts";

/** The table of alert groups. */
export const ALERT_GROUPS_TABLE = "shepherd_alert_groups";

const SCHEMA = `CREATE TABLE IF NOT EXISTS ${ALERT_GROUPS_TABLE} (identity text PRIMARY KEY, state jsonb NOT NULL, issue text, updated_at bigint NOT NULL)`;

export interface PostgresAlertStoreOptions {
  /** The queue's database URL. */
  url: string;
  now?: () => number;
  /** Groups unheard of for this many days are dropped at start. Default 30. */
  retainDays?: number;
  onError?: (error: unknown) => void;
}

/** Connect and create the table; rejects when the database cannot be used. */
export async function openPostgresAlertStore(options: PostgresAlertStoreOptions): Promise<AlertStore> {
  const now = options.now ?? Date.now;
  const pool = new pg.Pool({ connectionString: options.url, max: 4, connectionTimeoutMillis: 10_000, application_name: "shepherd serve (alerts)" });
  pool.on("error", (error) => options.onError?.(error));
  try {
    await pool.query(SCHEMA);
    await pool.query(`DELETE FROM ${ALERT_GROUPS_TABLE} WHERE updated_at < $1`, [now() - (options.retainDays ?? 30) * 86_400_000]);
  } catch (error) {
    await pool.end().catch(() => undefined);
    throw error;
  }
  let closing: Promise<void> | undefined;
  return {
    durable: true,
    async merge(identity: string, group: AlertGroup): Promise<void> {
      const client = await pool.connect();
      try {
        await client.query("BEGIN");
        // The row exists before it is locked, so that two first deliveries of a group meet on it.
        await client.query(`INSERT INTO ${ALERT_GROUPS_TABLE} (identity, state, updated_at) VALUES ($1, 'null'::jsonb, $2) ON CONFLICT (identity) DO NOTHING`, [identity, now()]);
        const { rows } = await client.query<{ state: AlertGroup | null }>(`SELECT state FROM ${ALERT_GROUPS_TABLE} WHERE identity = $1 FOR UPDATE`, [identity]);
        const merged = mergeGroups(rows[0]?.state ?? undefined, group);
        await client.query(`UPDATE ${ALERT_GROUPS_TABLE} SET state = $2, updated_at = $3 WHERE identity = $1`, [identity, JSON.stringify(merged), now()]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK").catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    async get(identity: string): Promise<StoredAlertGroup | undefined> {
      const { rows } = await pool.query<{ state: AlertGroup | null; issue: string | null }>(`SELECT state, issue FROM ${ALERT_GROUPS_TABLE} WHERE identity = $1`, [identity]);
      const row = rows[0];
      if (row?.state === undefined || row.state === null) return undefined;
      return { group: row.state, ...(row.issue === null ? {} : { issue: row.issue }) };
    },
    async setIssue(identity: string, issue: string): Promise<void> {
      await pool.query(`UPDATE ${ALERT_GROUPS_TABLE} SET issue = $2 WHERE identity = $1`, [identity, issue]);
    },
    close() {
      closing ??= pool.end();
      return closing;
    },
  };
}
