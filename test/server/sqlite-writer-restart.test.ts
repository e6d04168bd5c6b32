/**
 * The SQLite store when its writer thread ends under it (an uncaught failure, the thread's heap
 * exhausted): the next commit starts a new thread on the same file, which the ended thread no
 * longer holds, instead of refusing every delivery from then on while the server looks healthy.
 * The thread is the real one; the test ends it as a failure would, by terminating it.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Worker } from "node:worker_threads";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeliveryStore } from "../../src/server/delivery-store.ts";
import { openSqliteDeliveryStore } from "../../src/server/sqlite-delivery-store.ts";

/** Every thread the writer starts, in order. */
const threads = vi.hoisted(() => ({ started: [] as Worker[] }));

vi.mock("node:worker_threads", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:worker_threads")>();
  class Recorded extends real.Worker {
    constructor(...args: ConstructorParameters<typeof real.Worker>) {
      super(...args);
      threads.started.push(this);
    }
  }
  return { ...real, Worker: Recorded };
});

const dirs: string[] = [];
const stores: DeliveryStore[] = [];

afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  threads.started.splice(0);
});

function open(path: string, onError?: (error: unknown) => void): DeliveryStore {
  const store = openSqliteDeliveryStore({ path, ...(onError === undefined ? {} : { onError }) });
  stores.push(store);
  return store;
}

describe("the SQLite store's writer thread ending", () => {
  it("is replaced by a new thread at the next commit, and what was stored before and after is in the file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "shepherd-restart-"));
    dirs.push(dir);
    const path = join(dir, "store.sqlite");
    const errors: unknown[] = [];
    const store = open(path, (error) => errors.push(error));
    expect(await store.record({ id: "d-1", issue: "SUP-1", at: 1 })).toBe("stored");
    await threads.started[0]?.terminate();
    expect(await store.record({ id: "d-2", issue: "SUP-2", at: 2 })).toBe("stored");
    await store.finish("SUP-1", store.start("SUP-1"));
    expect(threads.started).toHaveLength(2);
    expect(errors).toEqual([]);
    await store.close();
    const again = open(path);
    expect(await Promise.all([again.seen("d-1"), again.seen("d-2")])).toEqual([true, true]);
    expect(await again.pending()).toEqual([{ issue: "SUP-2" }]);
  });
});
