/**
 * The SQLite delivery store while a commit is out in its writer thread, and when that commit
 * fails: a second copy of a delivery is answered as a duplicate only once the first copy's COMMIT
 * has returned (a duplicate is a promise that the delivery is kept, as a 202 is); when the commit
 * fails, both copies are refused, the id is forgotten, and the tracker's redelivery is stored.
 * The writer is the real thread on a real file; the test holds its commits back and makes one
 * fail for real (the batch given a second row of the same sequence number, which SQLite refuses
 * whole).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { DeliveryStore } from "../../src/server/delivery-store.ts";
import { openSqliteDeliveryStore } from "../../src/server/sqlite-delivery-store.ts";
import type { startSqliteWriter as StartWriter, WriterBatch } from "../../src/server/sqlite-writer.ts";

/** What the writer's next commits meet: held until released, and the next one made to fail. */
const faults = vi.hoisted(() => ({ held: undefined as Promise<void> | undefined, release: (): void => undefined, failNext: false, batches: [] as WriterBatch[] }));

vi.mock("../../src/server/sqlite-writer.ts", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/server/sqlite-writer.ts")>();
  const start: typeof StartWriter = (options) => {
    const writer = real.startSqliteWriter(options);
    return {
      snapshot: writer.snapshot,
      get ended() {
        return writer.ended;
      },
      async commit(batch) {
        faults.batches.push(batch);
        if (faults.held !== undefined) await faults.held;
        if (faults.failNext && batch.deliveries.length >= 3) {
          faults.failNext = false;
          return writer.commit({ ...batch, deliveries: [...batch.deliveries, ...batch.deliveries.slice(0, 3)] });
        }
        return writer.commit(batch);
      },
      close: () => writer.close(),
    };
  };
  return { ...real, startSqliteWriter: start };
});

const dirs: string[] = [];
const stores: DeliveryStore[] = [];

afterEach(async () => {
  faults.release();
  faults.failNext = false;
  faults.batches = [];
  for (const store of stores.splice(0)) await store.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(path: string): DeliveryStore {
  const store = openSqliteDeliveryStore({ path });
  stores.push(store);
  return store;
}

function storePath(): string {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-faults-"));
  dirs.push(dir);
  return join(dir, "store.sqlite");
}

/** Hold the writer's commits until the answer is called. */
function hold(): () => void {
  let release: () => void = () => undefined;
  faults.held = new Promise<void>((resolve) => {
    release = resolve;
  });
  faults.release = () => {
    faults.held = undefined;
    release();
  };
  return faults.release;
}

/** A few turns of the event loop: long enough for an answer that does not wait on the writer. */
const turns = async (count = 5): Promise<void> => {
  for (let i = 0; i < count; i++) await new Promise((resolve) => setImmediate(resolve));
};

/** Whether the promise has settled by now, without waiting for it. */
function settledFlag(promise: Promise<unknown>): { settled: boolean } {
  const flag = { settled: false };
  promise.then(
    () => (flag.settled = true),
    () => (flag.settled = true),
  );
  return flag;
}

describe("the SQLite store while a commit is out", () => {
  it("answers a second copy as a duplicate only after the first copy's COMMIT returned", async () => {
    const store = open(storePath());
    const release = hold();
    const first = store.record({ id: "d-1", issue: "SUP-1", at: 1 });
    await turns();
    const seen = store.seen("d-1");
    expect(store.seenNow?.("d-1")).toBeUndefined();
    const second = store.record({ id: "d-1", issue: "SUP-1", at: 2 });
    const early = [settledFlag(first), settledFlag(seen), settledFlag(second)];
    await turns();
    expect(early.map((f) => f.settled)).toEqual([false, false, false]);
    release();
    expect(await Promise.all([first, seen, second])).toEqual(["stored", true, "duplicate"]);
  });

  it("refuses both copies when the first copy's commit fails, and stores the redelivery", async () => {
    const path = storePath();
    const store = open(path);
    const release = hold();
    faults.failNext = true;
    const first = store.record({ id: "d-1", issue: "SUP-1", at: 1 });
    first.catch(() => undefined);
    await turns();
    const seen = store.seen("d-1");
    const second = store.record({ id: "d-1", issue: "SUP-1", at: 2 });
    second.catch(() => undefined);
    release();
    await expect(first).rejects.toThrow(/UNIQUE/);
    // Neither copy was kept: a 200 duplicate here would lose the delivery, as the tracker does not send it again.
    await expect(second).rejects.toThrow(/UNIQUE/);
    expect(await seen).toBe(false);
    expect(store.seenNow?.("d-1")).toBe(false);
    expect(await store.seen("d-1")).toBe(false);
    expect(await store.record({ id: "d-1", issue: "SUP-1", at: 3 })).toBe("stored");
    await store.close();
    const again = open(path);
    expect(await again.seen("d-1")).toBe(true);
    expect(await again.pending()).toEqual([{ issue: "SUP-1" }]);
  });

  it("on close, answers the commit out and the one gathering before the thread ends, and refuses what comes after", async () => {
    const path = storePath();
    const store = open(path);
    const release = hold();
    const first = store.record({ id: "d-1", issue: "SUP-1", at: 1 });
    await turns();
    // Gathered while the first commit is out: it goes into the next one.
    const second = store.record({ id: "d-2", issue: "SUP-2", at: 2 });
    const closed = store.close();
    await expect(store.record({ id: "d-3", issue: "SUP-3", at: 3 })).rejects.toThrow(/closed/);
    const done = settledFlag(closed);
    await turns();
    expect(done.settled).toBe(false);
    release();
    expect(await Promise.all([first, second])).toEqual(["stored", "stored"]);
    await closed;
    const again = open(path);
    expect(await Promise.all(["d-1", "d-2", "d-3"].map((id) => again.seen(id)))).toEqual([true, true, false]);
    expect(await again.pending()).toEqual([{ issue: "SUP-1" }, { issue: "SUP-2" }]);
  });

  it("writes an issue's row when its work becomes pending, not at each delivery; a failed commit's rows go into the next", async () => {
    const path = storePath();
    const store = open(path);
    const upserted = (): unknown[] => faults.batches.at(-1)?.upserts.filter((_, at) => at % 3 === 0) ?? [];
    expect(await store.record({ id: "d-1", issue: "SUP-1", at: 1 })).toBe("stored");
    expect(upserted()).toEqual(["SUP-1"]);
    expect(await store.record({ id: "d-2", issue: "SUP-1", at: 2 })).toBe("stored");
    expect(upserted()).toEqual([]);
    faults.failNext = true;
    const failed = store.record({ id: "d-3", issue: "SUP-2", at: 3 });
    await expect(failed).rejects.toThrow(/UNIQUE/);
    expect(upserted()).toEqual(["SUP-2"]);
    // SUP-2's work stays pending in memory (its redelivery will come): its row goes into the next commit, with SUP-3's.
    expect(await store.record({ id: "d-4", issue: "SUP-3", at: 4 })).toBe("stored");
    expect(upserted()).toEqual(["SUP-2", "SUP-3"]);
    expect(await store.record({ id: "d-5", issue: "SUP-2", at: 5 })).toBe("stored");
    expect(upserted()).toEqual([]);
    await store.close();
    const again = open(path);
    expect(await again.pending()).toEqual([{ issue: "SUP-1" }, { issue: "SUP-2" }, { issue: "SUP-3" }]);
    expect(await Promise.all(["d-1", "d-2", "d-3", "d-4", "d-5"].map((id) => again.seen(id)))).toEqual([true, true, false, true, true]);
  });
});
