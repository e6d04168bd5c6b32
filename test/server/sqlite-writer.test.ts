/**
 * The thread that owns the store's SQLite connection, on its own: a commit is all or nothing and
 * answers in the order sent, a failed one rolls back and the next goes through, what was committed
 * is read back at the next open, and a second writer on a held file is refused at once.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { type SqliteWriter, startSqliteWriter, WriterOpenError } from "../../src/server/sqlite-writer.ts";

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS deliveries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, at INTEGER NOT NULL);
  CREATE TABLE IF NOT EXISTS pending (issue TEXT PRIMARY KEY, gen INTEGER NOT NULL, retry_at INTEGER);
`;
const dirs: string[] = [];
const writers: SqliteWriter[] = [];

afterEach(async () => {
  for (const writer of writers.splice(0)) await writer.close();
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function open(path: string, window = 100): SqliteWriter {
  const writer = startSqliteWriter({ path, sync: "normal", window, journalLimit: 1 << 20, schema: SCHEMA, version: 1 });
  writers.push(writer);
  return writer;
}

function tempFile(): string {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-writer-"));
  dirs.push(dir);
  return join(dir, "store.sqlite");
}

describe("the store's writer thread", () => {
  it("rolls a failed commit back whole, answers in order, and the next commit goes through", async () => {
    const path = tempFile();
    const writer = open(path);
    expect(writer.snapshot).toEqual({ maxSeq: 0, ids: [], pending: [] });
    // The second row repeats the first's sequence number: the whole batch must be refused.
    const failed = writer.commit({ deliveries: [1, "a", 10, 1, "b", 11], upserts: ["SUP-1", 1, null], deletes: [], pruneTo: -1 });
    const next = writer.commit({ deliveries: [2, "c", 12, 3, "d", 13], upserts: ["SUP-2", 3, 5000, "SUP-3", 2, null], deletes: ["SUP-3"], pruneTo: 2 });
    await expect(failed).rejects.toThrow(/UNIQUE constraint failed/);
    await expect(next).resolves.toBeUndefined();
    await writer.close();
    writers.splice(0);
    const again = open(path);
    // Row 2 was pruned by its own batch, SUP-3 deleted by it; nothing of the failed batch is there.
    expect(again.snapshot).toEqual({ maxSeq: 3, ids: ["d"], pending: [["SUP-2", 3, 5000]] });
  });

  it("reads back only the window's newest ids", async () => {
    const path = tempFile();
    const writer = open(path);
    const deliveries = Array.from({ length: 10 }, (_, at) => [at + 1, `id-${at + 1}`, at]).flat();
    await writer.commit({ deliveries, upserts: [], deletes: [], pruneTo: -1 });
    await writer.close();
    writers.splice(0);
    expect(open(path, 3).snapshot.ids).toEqual(["id-8", "id-9", "id-10"]);
  });

  it("refuses a file another writer holds, at once and with SQLite's reason", () => {
    const path = tempFile();
    open(path);
    expect(() => open(path)).toThrow(WriterOpenError);
    expect(() => open(path)).toThrow(/locked/);
  });

  it("refuses a commit after the close", async () => {
    const writer = open(tempFile());
    await writer.close();
    await expect(writer.commit({ deliveries: [1, "a", 0], upserts: [], deletes: [], pruneTo: -1 })).rejects.toThrow(/closed/);
  });
});
