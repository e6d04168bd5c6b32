/**
 * A child process for the snapshot store's tests, so that its memory and its death are its own.
 *
 *   scale <path> <every>  open the snapshot, change every <every>th issue and add as many, flush,
 *                         and print one JSON line: issues, open and flush seconds, the heap the
 *                         open store holds (after a GC, when run with --expose-gc) and peak RSS,
 *                         in MB
 *   rewrite <path>        flush ever new versions of every issue until killed; prints "ready" first
 */
import { openSnapshotStore } from "../../src/file/snapshot-store.ts";
import { noteFormat } from "./snapshot-store-format.ts";

const [mode = "", path = "", every = "100"] = process.argv.slice(2);
const formats = [noteFormat()];

if (mode === "scale") {
  const started = performance.now();
  const opened = await openSnapshotStore(path, formats);
  const openSeconds = (performance.now() - started) / 1000;
  (globalThis as { gc?: () => void }).gc?.();
  const heldMb = process.memoryUsage().heapUsed / 1e6;
  const step = Number(every);
  const size = opened.store.size;
  let index = 0;
  for (const key of [...opened.store.keys()]) {
    if (index++ % step !== 0) continue;
    const entry = opened.store.get(key);
    if (entry === undefined) throw new Error(`no issue ${key}`);
    opened.store.set(key, { ...entry, title: `${entry.title} (changed)`, tags: ["changed"] });
  }
  for (let n = 1; n <= Math.ceil(size / step); n++) opened.store.set(String(size + n), { id: size + n, title: `new ${n}` });
  const flushing = performance.now();
  await opened.flush();
  const flushSeconds = (performance.now() - flushing) / 1000;
  await opened.close();
  const peakMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`${JSON.stringify({ issues: size, openSeconds, flushSeconds, heldMb, peakMb })}\n`);
} else if (mode === "rewrite") {
  process.stdout.write("ready\n");
  for (let version = 1; ; version++) {
    const opened = await openSnapshotStore(path, formats);
    for (const key of [...opened.store.keys()]) {
      const entry = opened.store.get(key);
      if (entry !== undefined) opened.store.set(key, { ...entry, version });
    }
    await opened.flush();
    await opened.close();
  }
} else {
  throw new Error(`unknown mode ${mode}`);
}
