/**
 * The delivery store in memory: what the server did before it had a store, kept for tests and for
 * `--store :memory:`. Nothing survives the process: a server killed after answering 202 leaves its
 * work to the next audit.
 */
import { DEFAULT_DEDUPE_WINDOW, type DeliveryStore } from "./delivery-store.ts";
import { createWorkLedger } from "./work-ledger.ts";

export function createMemoryDeliveryStore(options: { dedupeWindow?: number } = {}): DeliveryStore {
  const ledger = createWorkLedger(options.dedupeWindow ?? DEFAULT_DEDUPE_WINDOW);
  return {
    durable: false,
    seen: (id) => Promise.resolve(ledger.hasId(id)),
    seenNow: (id) => ledger.hasId(id),
    record({ id, issue }) {
      if (id !== undefined) {
        if (ledger.hasId(id)) return Promise.resolve("duplicate");
        ledger.addId(id);
      }
      if (issue !== undefined) ledger.bump(issue);
      return Promise.resolve("stored");
    },
    pending: () => Promise.resolve(ledger.pending()),
    start: (issue) => ledger.mark(issue),
    finish(issue, mark) {
      ledger.finish(issue, mark);
      return Promise.resolve();
    },
    retryAt(issue, at) {
      ledger.retryAt(issue, at);
      return Promise.resolve();
    },
    size: () => ({ pending: ledger.issues(), deliveries: ledger.ids() }),
    close: () => Promise.resolve(),
  };
}
