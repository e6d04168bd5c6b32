/**
 * The alert store port: the merged state of each alert group and the issue it opened, kept
 * durably beside the delivery store. A delivery is folded in (`merge`, order-independent, see
 * `mergeGroups`) before it is answered 202; the queue's run of the group reads it back, and
 * records the issue it opened (`setIssue`) right after opening it. A crash between the two is
 * repaired by the tracker's identity lookup. In memory here (tests, `--store :memory:`); SQLite in
 * `alert-sqlite-store.ts`.
 */
import { type AlertGroup, mergeGroups } from "../core/alerts/alert-group.ts";

/** A group as stored: its merged alerts and the issue it opened last, once known. */
export interface StoredAlertGroup {
  group: AlertGroup;
  issue?: string | undefined;
}

export interface AlertStore {
  /** Whether the state survives the process. */
  readonly durable: boolean;
  /** Fold a delivery into the group's state; resolves once that is stored. */
  merge(identity: string, group: AlertGroup): Promise<void>;
  get(identity: string): Promise<StoredAlertGroup | undefined>;
  /** The issue the group opened (a new one replaces the old once the reopen window passed). */
  setIssue(identity: string, issue: string): Promise<void>;
  close(): Promise<void>;
}

/** The work key of an alert group in the server's queue and delivery store. */
export const ALERT_WORK_PREFIX = "alert:";

export const alertWorkKey = (identity: string): string => `${ALERT_WORK_PREFIX}${identity}`;

/** The in-memory store: nothing survives the process. */
export function createMemoryAlertStore(): AlertStore {
  const groups = new Map<string, StoredAlertGroup>();
  return {
    durable: false,
    merge(identity, group) {
      const known = groups.get(identity);
      groups.set(identity, { ...known, group: mergeGroups(known?.group, group) });
      return Promise.resolve();
    },
    get: (identity) => Promise.resolve(groups.get(identity)),
    setIssue(identity, issue) {
      const known = groups.get(identity);
      if (known !== undefined) groups.set(identity, { ...known, issue });
      return Promise.resolve();
    },
    close: () => Promise.resolve(),
  };
}
