/**
 * A process killed while it replaces a snapshot (SIGKILL at random moments, mid-write or
 * mid-rename) never leaves a torn snapshot, and the temporary file it leaves is removed by the
 * next run — only stale ones of our own pattern, never another program's file or a live writer's.
 */
import { spawn } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openSnapshotTracker } from "../../src/cli/open-snapshot.ts";
import { removeStaleTemporaries, temporaryName, writeFileAtomic } from "../../src/file/write-file-atomic.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const NODE = join(ROOT, "node_modules", ".bin", "node");
const WRITER = join(ROOT, "test", "file", "atomic-writer.ts");
const SIZE = 2_000_000;
const dir = mkdtempSync(join(tmpdir(), "shepherd-atomic-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Run a writer, kill it `delayMs` after it is ready, wait until it is gone. */
async function killWriter(path: string, delayMs: number): Promise<void> {
  const child = spawn(NODE, [WRITER, path, String(SIZE)], { stdio: ["ignore", "pipe", "inherit"] });
  const exited = new Promise<void>((done) => child.on("exit", () => done()));
  await new Promise<void>((ready) => child.stdout.once("data", () => ready()));
  await new Promise((wait) => setTimeout(wait, delayMs));
  child.kill("SIGKILL");
  await exited;
}

/** The snapshot is whole: it parses and holds the length it says. */
function readWhole(path: string): { version: number } {
  const data = JSON.parse(readFileSync(path, "utf8")) as { version: number; size: number; fill: string };
  expect(data.fill.length).toBe(data.size);
  return data;
}

const temporaries = (path: string) => readdirSync(dirname(path)).filter((name) => name !== "snapshot.json" && name.startsWith("snapshot.json"));

describe("writeFileAtomic under SIGKILL", () => {
  it("50 kills at random moments: the snapshot is never torn and no temporary file outlives the next run", { timeout: 120_000 }, async () => {
    const path = join(dir, "snapshot.json");
    await writeFileAtomic(path, JSON.stringify({ version: 0, size: 1, fill: "0" }));
    let leftBehind = 0;
    const started = Date.now();
    for (let trial = 0; trial < 50; trial++) {
      await killWriter(path, Math.floor(Math.random() * 40));
      readWhole(path);
      if (temporaries(path).length > 0) leftBehind++;
      // The next run: one more write of the snapshot.
      await writeFileAtomic(path, JSON.stringify({ version: -trial - 1, size: 1, fill: "x" }));
      expect(temporaries(path)).toEqual([]);
      expect(readWhole(path).version).toBe(-trial - 1);
    }
    // The kills did hit between write and rename (else this test proves nothing).
    expect(leftBehind).toBeGreaterThan(0);
    expect(Date.now() - started).toBeLessThan(100_000);
  });

  it("a run that only reads the snapshot removes what a killed writer left, too", { timeout: 30_000 }, async () => {
    const path = join(dir, "snapshot.json");
    writeFileSync(path, JSON.stringify({ tracker: "github", repository: "acme/support", issues: [] }));
    writeFileSync(`${path}.shepherd-999999-0123abcd-0123456789ab.tmp`, "half a snap");
    await (await openSnapshotTracker(path, { botLogins: ["shepherd-bot"], now: () => Date.now() })).close();
    expect(temporaries(path)).toEqual([]);
  });

  it("removes only stale temporary files of its own pattern", async () => {
    const path = join(dir, "keep.json");
    writeFileSync(path, "{}");
    const live = temporaryName(path); // this process, this run: a write in progress
    const dead = `${path}.shepherd-999999-0123abcd-0123456789ab.tmp`; // no such process
    const earlierRun = `${path}.shepherd-${process.pid}-ffffffff-0123456789ab.tmp`; // pid reused by a new run
    const legacy = `${path}.0123456789ab.tmp`; // the name of earlier versions: kept while recent
    const others = [`${path}.backup.tmp`, `${path}.tmp`, join(dir, "other.json.shepherd-999999-0123abcd-0123456789ab.tmp")];
    for (const file of [live, dead, earlierRun, legacy, ...others]) writeFileSync(file, "x");
    const removed = await removeStaleTemporaries(path);
    expect(removed.sort()).toEqual([dead, earlierRun].map((file) => file.slice(dir.length + 1)).sort());
    const left = readdirSync(dir);
    for (const file of [live, legacy, ...others]) expect(left).toContain(file.slice(dir.length + 1));
    // Older than any write takes: stale whoever wrote it.
    expect(await removeStaleTemporaries(path, Date.now() + 11 * 60_000)).toEqual(expect.arrayContaining([live, legacy].map((f) => f.slice(dir.length + 1))));
  });
});
