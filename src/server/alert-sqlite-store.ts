/**
 * The alert store in a SQLite file (Node's built-in `node:sqlite`), beside the delivery store's
 * file: one row per group (its identity, the merged state as JSON, the issue it opened). Each
 * merge is one read-fold-write transaction, committed before the delivery is answered; WAL
 * journal, `synchronous=NORMAL`, exclusive locking (one server per file), as the delivery store.
 * Groups not heard of for `retainDays` are dropped at start: their issue is found again by its
 * identity if they come back.
 */
import type { DatabaseSync } from "node:sqlite";
import { type AlertGroup, mergeGroups } from "../core/alerts/alert-group.ts";
import type { AlertStore, StoredAlertGroup } from "./alert-store.ts";
import { loadSqlite } from "./load-sqlite.ts";
import { StoreOpenError } from "./sqlite-delivery-store.ts";

const SCHEMA = "CREATE TABLE IF NOT EXISTS alert_groups (identity TEXT PRIMARY KEY, state TEXT NOT NULL, issue TEXT, updated_at INTEGER NOT NULL)";

/** The alert store file beside a delivery store file: `shepherd-store.sqlite` → `shepherd-store.alerts.sqlite`. */
export const alertStorePath = (storePath: string): string => (storePath.endsWith(".sqlite") ? `${storePath.slice(0, -7)}.alerts.sqlite` : `${storePath}.alerts`);

export interface SqliteAlertStoreOptions {
  path: string;
  /** Wall clock, epoch ms. */
  now?: () => number;
  /** Groups unheard of for this many days are dropped at start. Default 30. */
  retainDays?: number;
}

function open(path: string): DatabaseSync {
  const { DatabaseSync } = loadSqlite();
  let db: DatabaseSync | undefined;
  try {
    db = new DatabaseSync(path, { timeout: 0 });
    db.exec("PRAGMA locking_mode = EXCLUSIVE");
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("PRAGMA synchronous = NORMAL");
    db.exec(SCHEMA);
    return db;
  } catch (error) {
    try {
      db?.close();
    } catch {
      // The open failed already; that failure is the one to report.
    }
    const why = error instanceof Error ? error.message : String(error);
    throw new StoreOpenError(/locked|busy/i.test(why) ? `${path} is in use by another process (another shepherd serve?) (SQLite: ${why})` : `cannot use the alert store ${path} (SQLite: ${why})`);
  }
}

export function openSqliteAlertStore(options: SqliteAlertStoreOptions): AlertStore {
  const now = options.now ?? Date.now;
  const db = open(options.path);
  db.prepare("DELETE FROM alert_groups WHERE updated_at < ?").run(now() - (options.retainDays ?? 30) * 86_400_000);
  const select = db.prepare("SELECT state, issue FROM alert_groups WHERE identity = ?");
  const upsert = db.prepare("INSERT INTO alert_groups (identity, state, issue, updated_at) VALUES (?, ?, NULL, ?) ON CONFLICT (identity) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at");
  const setIssue = db.prepare("UPDATE alert_groups SET issue = ? WHERE identity = ?");
  let closed = false;

  const read = (identity: string): StoredAlertGroup | undefined => {
    const row = select.get(identity) as { state: string; issue: string | null } | undefined;
    if (row === undefined) return undefined;
    return { group: JSON.parse(row.state) as AlertGroup, ...(row.issue === null ? {} : { issue: row.issue }) };
  };

  return {
    durable: true,
    merge(identity, group) {
      try {
        db.exec("BEGIN IMMEDIATE");
        try {
          upsert.run(identity, JSON.stringify(mergeGroups(read(identity)?.group, group)), now());
          db.exec("COMMIT");
        } catch (error) {
          db.exec("ROLLBACK");
          throw error;
        }
        return Promise.resolve();
      } catch (error) {
        return Promise.reject(error instanceof Error ? error : new Error(String(error)));
      }
    },
    get: (identity) => Promise.resolve(read(identity)),
    setIssue(identity, issue) {
      setIssue.run(issue, identity);
      return Promise.resolve();
    },
    close() {
      if (!closed) {
        closed = true;
        db.close();
      }
      return Promise.resolve();
    },
  };
}
