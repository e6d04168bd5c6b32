/**
 * The snapshot store as a process meets it: a 100,000-issue file indexed and partly rewritten in
 * a child whose memory is printed (what the open store holds, and the peak), and a writer killed
 * at random moments that never leaves a torn snapshot behind.
 */
import { spawn } from "node:child_process";
import { createWriteStream, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openSnapshotStore } from "../../src/file/snapshot-store.ts";
import { type NoteEntry, noteFormat } from "./snapshot-store-format.ts";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
const NODE = join(ROOT, "node_modules", ".bin", "node");
const CHILD = join(ROOT, "test", "file", "snapshot-store-child.ts");
const dir = mkdtempSync(join(tmpdir(), "shepherd-store-process-"));

afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** About 1 kB of text per issue, different in each. */
const entry = (id: number): NoteEntry => ({
  id,
  title: `Issue ${id}: ${"the printer on floor 3 ".repeat(3)}`,
  tags: [`t${id % 7}`, "support"],
  body: `${"Steps: open the app, press print, wait. 多字节 ✓ ".repeat(18)}#${id}`,
});

/** Write a `count`-issue snapshot one issue at a time, compact as exports are. */
async function writeSnapshot(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (text: string) => (out.write(text) ? Promise.resolve() : new Promise<void>((done) => out.once("drain", () => done())));
  await write(`{"tracker":"notes","project":"acme","issues":[`);
  for (let id = 1; id <= count; id++) await write(`${id === 1 ? "" : ","}${JSON.stringify(entry(id))}`);
  await write("]}\n");
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
}

function run(args: string[]): Promise<string> {
  return new Promise((done, fail) => {
    const child = spawn(NODE, ["--expose-gc", CHILD, ...args], { stdio: ["ignore", "pipe", "pipe"] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.on("error", fail);
    child.on("close", (code) => (code === 0 ? done(Buffer.concat(out).toString()) : fail(new Error(`exit ${code}: ${Buffer.concat(err).toString()}`))));
  });
}

describe("the snapshot store at scale", () => {
  it("indexes 100,000 issues and rewrites 1% of them in a child that never holds the file", { timeout: 240_000 }, async () => {
    const count = 100_000;
    const path = join(dir, "big.json");
    await writeSnapshot(path, count);
    const fileMb = statSync(path).size / 1e6;
    const figure = JSON.parse(await run(["scale", path, "100"])) as { issues: number; openSeconds: number; flushSeconds: number; heldMb: number; peakMb: number };
    console.log(
      `snapshot store 100k (${fileMb.toFixed(0)} MB file): open ${figure.openSeconds.toFixed(1)} s, flush ${figure.flushSeconds.toFixed(1)} s, ${figure.heldMb.toFixed(0)} MB heap held open, ${figure.peakMb.toFixed(0)} MB peak RSS`,
    );
    expect(figure.issues).toBe(count);
    // The open store holds one small record per issue, not the issues: far less than the file.
    expect(figure.heldMb).toBeLessThan(fileMb / 2);
    expect(figure.peakMb).toBeLessThan(1024);

    const opened = await openSnapshotStore(path, [noteFormat()]);
    expect(opened.store.size).toBe(count + count / 100);
    expect(opened.store.get("1")).toEqual({ ...entry(1), title: `${entry(1).title} (changed)`, tags: ["changed"] });
    expect(opened.store.get("2")).toEqual(entry(2));
    expect(opened.store.get(String(count))).toEqual(entry(count));
    expect(opened.store.get(String(count + 1))).toEqual({ id: count + 1, title: "new 1" });
    expect(opened.catalog.maxId).toBe(count + count / 100);
    await opened.close();
  });
});

describe("a writer killed mid-write", () => {
  /** Every issue in the file has the same version: the file is one whole write. */
  function versionOf(path: string): number {
    const data = JSON.parse(readFileSync(path, "utf8")) as { issues: (NoteEntry & { version?: number })[] };
    expect(data.issues).toHaveLength(2000);
    const versions = new Set(data.issues.map((issue) => issue.version ?? 0));
    expect(versions.size).toBe(1);
    return [...versions][0] as number;
  }

  it("20 kills at random moments: the snapshot is never torn, and the next open removes what was left", { timeout: 120_000 }, async () => {
    const path = join(dir, "killed.json");
    writeFileSync(path, JSON.stringify({ tracker: "notes", project: "acme", issues: Array.from({ length: 2000 }, (_, i) => entry(i + 1)) }));
    const others = () => readdirSync(dir).filter((name) => name.startsWith("killed.json."));
    let leftBehind = 0;
    let versions = new Set<number>();
    for (let trial = 0; trial < 20; trial++) {
      const child = spawn(NODE, [CHILD, "rewrite", path], { stdio: ["ignore", "pipe", "inherit"] });
      const exited = new Promise<void>((done) => child.on("exit", () => done()));
      await new Promise<void>((ready) => child.stdout.once("data", () => ready()));
      await new Promise((wait) => setTimeout(wait, 50 + Math.floor(Math.random() * 300)));
      child.kill("SIGKILL");
      await exited;
      versions.add(versionOf(path));
      if (others().length > 0) leftBehind++;
      const opened = await openSnapshotStore(path, [noteFormat()]);
      expect(others()).toEqual([]);
      await opened.close();
    }
    // The kills did land while temporary files existed (else this proves nothing).
    expect(leftBehind).toBeGreaterThan(0);
    versions = new Set([...versions].filter((version) => version > 0));
    expect(versions.size).toBeGreaterThan(0);
  });
});
