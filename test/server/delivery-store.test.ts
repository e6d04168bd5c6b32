/**
 * The SQLite delivery store on its own (what survives a reopen, what is pruned, what it refuses),
 * and `shepherd serve` on a store: delivery ids remembered across a restart, and a store that
 * cannot be used stops the server with exit 2 and a message that says why.
 */
import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { readRules } from "../../src/config/read-rules.ts";
import type { Rules } from "../../src/core/rules/rules.ts";
import type { DeliveryStore } from "../../src/server/delivery-store.ts";
import { loadSqlite } from "../../src/server/load-sqlite.ts";
import { createMemoryDeliveryStore } from "../../src/server/memory-delivery-store.ts";
import { openSqliteDeliveryStore, StoreOpenError } from "../../src/server/sqlite-delivery-store.ts";
import { type RunningServer, startServer } from "../../src/server/start-server.ts";
import { type FakeJira, startFakeJira } from "../fakes/jira/fake-jira.ts";
import { supportIssue, USERS } from "../fakes/jira/seed.ts";
import { issueEvent, signed } from "../fakes/jira/webhook-payloads.ts";
import { BIN, kill9, RULES, type ServeProcess, serveEnv, startServe } from "./serve-process.ts";

const SECRET = "whsec-store-test-91ad";
const dirs: string[] = [];
const stores: DeliveryStore[] = [];
let fake: FakeJira | undefined;
let running: RunningServer | undefined;
let child: ServeProcess | undefined;

afterEach(async () => {
  await running?.close();
  running = undefined;
  if (child !== undefined) await kill9(child);
  child = undefined;
  for (const store of stores.splice(0)) await store.close();
  await fake?.close();
  fake = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "shepherd-store-"));
  dirs.push(dir);
  return dir;
}

function open(path: string, dedupeWindow?: number): DeliveryStore {
  const store = openSqliteDeliveryStore({ path, ...(dedupeWindow === undefined ? {} : { dedupeWindow }) });
  stores.push(store);
  return store;
}

async function reopen(store: DeliveryStore, path: string, dedupeWindow?: number): Promise<DeliveryStore> {
  await store.close();
  return open(path, dedupeWindow);
}

const fileBytes = (path: string): number => [path, `${path}-wal`, `${path}-shm`].filter((file) => existsSync(file)).reduce((sum, file) => sum + statSync(file).size, 0);

describe.each([
  ["SQLite", (dir: string) => open(join(dir, "store.sqlite"))],
  ["memory", () => createMemoryDeliveryStore()],
])("the %s delivery store", (_name, make) => {
  it("answers duplicate for an id it holds, even before the first copy's commit", async () => {
    const store = make(tempDir());
    const first = store.record({ id: "d-1", issue: "SUP-1", at: 1 });
    const second = store.record({ id: "d-1", issue: "SUP-1", at: 2 });
    expect(await Promise.all([first, second])).toEqual(["stored", "duplicate"]);
    expect(await store.seen("d-1")).toBe(true);
    expect(await store.seen("d-2")).toBe(false);
  });

  it("answers seenNow at once as seen would, and leaves it to seen while a commit holds the id", async () => {
    const store = make(tempDir());
    const first = store.record({ id: "d-1", issue: "SUP-1", at: 1 });
    const early = store.seenNow?.("d-1");
    // The SQLite store's commit is out: only seen can answer (after it); the memory store knows at once.
    expect(early).toBe(store.durable ? undefined : true);
    expect(await first).toBe("stored");
    expect(store.seenNow?.("d-1")).toBe(true);
    expect(store.seenNow?.("d-2")).toBe(false);
    expect(await store.seen("d-2")).toBe(false);
  });

  it("keeps work that arrived during a run, and forgets work whose run finished", async () => {
    const store = make(tempDir());
    await store.record({ id: "a", issue: "SUP-1", at: 1 });
    await store.record({ id: "b", issue: "SUP-2", at: 1 });
    const mark1 = store.start("SUP-1");
    const mark2 = store.start("SUP-2");
    await store.record({ id: "c", issue: "SUP-1", at: 2 }); // during SUP-1's run
    await store.finish("SUP-1", mark1);
    await store.finish("SUP-2", mark2);
    expect(await store.pending()).toEqual([{ issue: "SUP-1" }]);
    await store.finish("SUP-1", store.start("SUP-1"));
    expect(await store.pending()).toEqual([]);
  });
});

describe("the SQLite delivery store across a reopen", () => {
  it("holds unfinished work (with a retry's due time) and the delivery ids", async () => {
    const path = join(tempDir(), "store.sqlite");
    let store = open(path);
    await store.record({ id: "a", issue: "SUP-1", at: 1 });
    await store.record({ id: "b", issue: "SUP-2", at: 1 });
    await store.record({ id: "c", issue: "SUP-3", at: 1 });
    await store.record({ id: "own-change", issue: undefined, at: 1 });
    await store.finish("SUP-2", store.start("SUP-2"));
    store.start("SUP-3");
    await store.retryAt("SUP-3", 5_000);
    store = await reopen(store, path);
    expect(await store.pending()).toEqual([{ issue: "SUP-1" }, { issue: "SUP-3", retryAt: 5_000 }]);
    for (const id of ["a", "b", "c", "own-change"]) expect(await store.seen(id)).toBe(true);
    // Generations go on from where they were: a run started now covers the restored work.
    await store.record({ id: "d", issue: "SUP-1", at: 2 });
    const mark = store.start("SUP-1");
    await store.finish("SUP-1", mark);
    store = await reopen(store, path);
    expect(await store.pending()).toEqual([{ issue: "SUP-3", retryAt: 5_000 }]);
  });

  it("resumes work oldest first: later deliveries for pending work keep its place, a new delivery clears a retry time", async () => {
    const path = join(tempDir(), "store.sqlite");
    let store = open(path);
    await store.record({ id: "a", issue: "SUP-1", at: 1 });
    await store.record({ id: "b", issue: "SUP-2", at: 1 });
    await store.record({ id: "c", issue: "SUP-3", at: 1 });
    store.start("SUP-2");
    await store.retryAt("SUP-2", 9_000);
    store.start("SUP-3");
    await store.retryAt("SUP-3", 7_000);
    // SUP-1 again (pending since "a"), and SUP-2 again: its retry time is moot, the new delivery is due now.
    await Promise.all([store.record({ id: "d", issue: "SUP-1", at: 2 }), store.record({ id: "e", issue: "SUP-2", at: 2 })]);
    await store.record({ id: "f", issue: "SUP-1", at: 3 });
    expect(await store.pending()).toEqual([{ issue: "SUP-1" }, { issue: "SUP-2" }, { issue: "SUP-3", retryAt: 7_000 }]);
    store = await reopen(store, path);
    expect(await store.pending()).toEqual([{ issue: "SUP-1" }, { issue: "SUP-2" }, { issue: "SUP-3", retryAt: 7_000 }]);
    // A run that started before the last delivery leaves the work pending, across a reopen too.
    const mark = store.start("SUP-1");
    await store.record({ id: "g", issue: "SUP-1", at: 4 });
    await store.finish("SUP-1", mark);
    await store.finish("SUP-3", store.start("SUP-3"));
    store = await reopen(store, path);
    expect(await store.pending()).toEqual([{ issue: "SUP-1" }, { issue: "SUP-2" }]);
    await store.finish("SUP-1", store.start("SUP-1"));
    await store.record({ id: "h", issue: "SUP-1", at: 5 }); // new work after the finish: it is the newest now
    store = await reopen(store, path);
    expect(await store.pending()).toEqual([{ issue: "SUP-2" }, { issue: "SUP-1" }]);
    for (const id of ["a", "d", "f", "g", "h"]) expect(await store.seen(id)).toBe(true);
  });

  it("reads a file written before rows kept their oldest delivery (layout 1, rows as the latest delivery left them)", async () => {
    const path = join(tempDir(), "store.sqlite");
    const { DatabaseSync } = loadSqlite();
    const db = new DatabaseSync(path);
    db.exec("PRAGMA journal_mode = WAL");
    db.exec("CREATE TABLE deliveries (seq INTEGER PRIMARY KEY, id TEXT NOT NULL, at INTEGER NOT NULL)");
    db.exec("CREATE TABLE pending (issue TEXT PRIMARY KEY, gen INTEGER NOT NULL, retry_at INTEGER)");
    db.exec("INSERT INTO deliveries VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3)");
    db.exec("INSERT INTO pending VALUES ('SUP-2', 9, NULL), ('SUP-1', 12, 4000)");
    db.exec("PRAGMA user_version = 1");
    db.close();
    let store = open(path);
    expect(await store.pending()).toEqual([{ issue: "SUP-2" }, { issue: "SUP-1", retryAt: 4_000 }]);
    expect(await Promise.all(["a", "b", "c", "d"].map((id) => store.seen(id)))).toEqual([true, true, true, false]);
    // Its generations go on: a run of the restored work finishes it; a delivery during a run keeps it.
    const mark = store.start("SUP-2");
    await store.record({ id: "d", issue: "SUP-2", at: 4 });
    await store.finish("SUP-2", mark);
    await store.record({ id: "e", issue: "SUP-1", at: 5 });
    store = await reopen(store, path);
    expect(await store.pending()).toEqual([{ issue: "SUP-2" }, { issue: "SUP-1" }]);
    expect(await store.record({ id: "c", issue: "SUP-3", at: 6 })).toBe("duplicate");
  });

  it("stays bounded: after 60,000 deliveries the file is no larger than after 6,000", async () => {
    const path = join(tempDir(), "store.sqlite");
    let store = open(path, 2_000);
    const deliver = async (from: number, to: number): Promise<void> => {
      for (let batch = from; batch < to; batch += 500) {
        const issues = Array.from({ length: 500 }, (_, index) => `SUP-${(batch + index) % 3_000}`);
        await Promise.all(issues.map((issue, index) => store.record({ id: `delivery-${batch + index}`, issue, at: batch + index })));
        await Promise.all(issues.map((issue) => store.finish(issue, store.start(issue))));
      }
    };
    await deliver(0, 6_000);
    store = await reopen(store, path, 2_000);
    const early = fileBytes(path);
    await deliver(6_000, 60_000);
    // While open, the write-ahead log is checkpointed and cut back to its limit (4 MiB) as it goes.
    expect(fileBytes(path)).toBeLessThan(5 * 1024 * 1024);
    store = await reopen(store, path, 2_000);
    const late = fileBytes(path);
    expect(store.size()).toEqual({ pending: 0, deliveries: 2_000 });
    // The oldest ids are forgotten; the newest are still known.
    expect(await store.seen("delivery-0")).toBe(false);
    expect(await store.seen("delivery-59999")).toBe(true);
    expect(await store.seen("delivery-58000")).toBe(true);
    expect(await store.seen("delivery-57999")).toBe(false);
    expect(late).toBeLessThanOrEqual(early * 1.25);
    expect(late).toBeLessThan(1024 * 1024);
  }, 30_000);

  it("refuses a file that is not a store, and a store another server holds, saying why", () => {
    const dir = tempDir();
    const text = join(dir, "notes.txt");
    writeFileSync(text, "these are my notes, not a database\n".repeat(200));
    expect(() => openSqliteDeliveryStore({ path: text })).toThrow(StoreOpenError);
    expect(() => openSqliteDeliveryStore({ path: text })).toThrow(/notes\.txt is not a shepherd store .*point the store at a new file/);
    const path = join(dir, "store.sqlite");
    open(path);
    expect(() => openSqliteDeliveryStore({ path })).toThrow(/store\.sqlite is in use by another process .*each server needs a store file of its own/);
  });
});

describe("shepherd serve on a store", () => {
  const rules = readRules(RULES).rules as Rules;
  const env = (url: string, store: string) => ({
    JIRA_WEBHOOK_SECRET: SECRET,
    JIRA_BASE_URL: url,
    JIRA_EMAIL: USERS.bot.emailAddress,
    JIRA_API_TOKEN: "test-api-token",
    SHEPHERD_STORE: store,
  });

  it("remembers delivery ids across a restart: Jira's redelivery after it is a duplicate", async () => {
    fake = await startFakeJira({ issues: [supportIssue({ key: "SUP-1", id: "10001", created: Date.now() - 60_000 })] });
    const store = join(tempDir(), "store.sqlite");
    const delivery = signed(SECRET, issueEvent(fake.state, "SUP-1", "jira:issue_updated", { user: USERS.reporter }), "redelivered-1");
    const post = (url: string) => fetch(`${url}/webhooks/jira`, { method: "POST", headers: delivery.headers, body: delivery.body });
    running = await startServer({ rules, env: env(fake.url, store), host: "127.0.0.1", port: 0, handleSignals: false, write: () => undefined });
    expect((await post(running.url)).status).toBe(202);
    await running.close();
    running = await startServer({ rules, env: env(fake.url, store), host: "127.0.0.1", port: 0, handleSignals: false, write: () => undefined });
    const again = await post(running.url);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual({ status: "duplicate" });
    // With the in-memory store a restart forgets it.
    await running.close();
    running = await startServer({ rules, env: env(fake.url, ":memory:"), host: "127.0.0.1", port: 0, handleSignals: false, write: () => undefined });
    expect((await post(running.url)).status).toBe(202);
  });

  const serveOnce = (args: string[], environment: Record<string, string>): Promise<{ code: number | null; stderr: string; stdout: string }> =>
    new Promise((resolve) => {
      const process_ = spawn(process.execPath, [BIN, "serve", "--rules", RULES, "--port", "0", "--host", "127.0.0.1", ...args], { env: environment, stdio: ["ignore", "pipe", "pipe"] });
      let stderr = "";
      let stdout = "";
      process_.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
      process_.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
      process_.once("exit", (code) => resolve({ code, stderr, stdout }));
    });

  it.each([
    ["a folder that does not exist", (dir: string) => join(dir, "missing", "store.sqlite"), /cannot open .*missing\/store\.sqlite .*the folder must exist and be writable/],
    ["a file that is not a store", (dir: string) => {
      writeFileSync(join(dir, "rules.yml"), "extends: support\n".repeat(300));
      return join(dir, "rules.yml");
    }, /rules\.yml is not a shepherd store/],
    ["a folder", (dir: string) => dir, /cannot open .*the folder must exist and be writable/],
  ])("--store naming %s: exit 2, no stack trace, and what to do", async (_name, path, message) => {
    fake = await startFakeJira();
    const dir = tempDir();
    const result = await serveOnce(["--store", path(dir)], serveEnv(fake.url, SECRET, "ignored-by-the-flag.sqlite"));
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^shepherd serve: the delivery store \(--store or SHEPHERD_STORE\): /);
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync("ignored-by-the-flag.sqlite")).toBe(false);
  });

  it("a store another server is using: the second exits 2 and the first serves on", async () => {
    fake = await startFakeJira();
    const store = join(tempDir(), "store.sqlite");
    child = await startServe(serveEnv(fake.url, SECRET, store));
    const second = await serveOnce([], serveEnv(fake.url, SECRET, store));
    expect(second.code).toBe(2);
    expect(second.stderr).toMatch(/store\.sqlite is in use by another process \(another shepherd serve\?\)/);
    expect((await fetch(`${child.url}/healthz`)).status).toBe(200);
  });

  it("SHEPHERD_STORE_SYNC must be normal or full", async () => {
    fake = await startFakeJira();
    const result = await serveOnce([], serveEnv(fake.url, SECRET, ":memory:", { SHEPHERD_STORE_SYNC: "sometimes" }));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('SHEPHERD_STORE_SYNC must be normal or full; found "sometimes"');
  });
});
