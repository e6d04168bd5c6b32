/**
 * Which delivery store `shepherd serve` uses: `--store PATH`, else `SHEPHERD_STORE`, else
 * `shepherd-store.sqlite` in the working folder; `:memory:` keeps deliveries in memory only (not
 * durable, for trials). `SHEPHERD_STORE_SYNC=full` makes each commit survive a power loss too.
 */
import type { DeliveryStore } from "./delivery-store.ts";
import { createMemoryDeliveryStore } from "./memory-delivery-store.ts";
import { openSqliteDeliveryStore, type StoreSync } from "./sqlite-delivery-store.ts";

/** The store file used when neither `--store` nor `SHEPHERD_STORE` names one. */
export const DEFAULT_STORE_PATH = "shepherd-store.sqlite";

/** The value that asks for the in-memory store. */
export const MEMORY_STORE = ":memory:";

export interface StoreChoice {
  /** The path as given (or the default), `:memory:` for memory. */
  path: string;
  sync: StoreSync;
}

/** Read the choice from the flag and the environment; `undefined` sync text means the default. */
export function chooseStore(flag: string | undefined, env: Readonly<Record<string, string | undefined>>): StoreChoice | { error: string } {
  const given = flag ?? env.SHEPHERD_STORE;
  const path = given === undefined || given.trim() === "" ? DEFAULT_STORE_PATH : given;
  const syncText = (env.SHEPHERD_STORE_SYNC ?? "").trim().toLowerCase();
  if (syncText !== "" && syncText !== "normal" && syncText !== "full") {
    return { error: `SHEPHERD_STORE_SYNC must be normal or full; found ${JSON.stringify(env.SHEPHERD_STORE_SYNC)}. Leave it unset for normal (survives a killed process), or set full to survive a power loss too` };
  }
  return { path, sync: syncText === "full" ? "full" : "normal" };
}

/** Open the chosen store; throws `StoreOpenError` with the reason when the file cannot be used. */
export function openDeliveryStore(choice: StoreChoice, options: { dedupeWindow?: number; onError?: (error: unknown) => void } = {}): DeliveryStore {
  if (choice.path === MEMORY_STORE) return createMemoryDeliveryStore(options.dedupeWindow === undefined ? {} : { dedupeWindow: options.dedupeWindow });
  return openSqliteDeliveryStore({
    path: choice.path,
    sync: choice.sync,
    ...(options.dedupeWindow === undefined ? {} : { dedupeWindow: options.dedupeWindow }),
    ...(options.onError === undefined ? {} : { onError: options.onError }),
  });
}
