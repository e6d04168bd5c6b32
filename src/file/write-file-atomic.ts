/**
 * Replace a file atomically: write a temporary file next to it, then rename it over the
 * original, so that a crash or a full disk never leaves a half-written snapshot.
 *
 * A process killed between the two steps leaves its temporary file behind. The temporary names
 * say who wrote them (`<file>.shepherd-<pid>-<run>-<random>.tmp`), so a later write recognises
 * the ones that are stale — their process is gone, or it is an earlier run that had this pid, or
 * they are older than any write takes — and removes them. Nothing else is touched: not another
 * program's files, not the temporary file of a writer that is still at work.
 */
import { randomBytes } from "node:crypto";
import * as fs from "node:fs/promises";
import { basename, dirname, join } from "node:path";

/** The file operations used, injectable for tests. */
export interface AtomicWriteFs {
  writeFile(path: string, data: string | Iterable<string | Uint8Array>, encoding: "utf8"): Promise<void>;
  rename(from: string, to: string): Promise<void>;
  rm(path: string, options: { force: true }): Promise<void>;
}

/** Told apart from an earlier process that had the same pid (containers reuse pids). */
const RUN = randomBytes(4).toString("hex");

/** No write takes this long: a temporary file older than this is stale whoever wrote it. */
const STALE_MS = 10 * 60_000;

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The name of a temporary file for `path`, written by this process. */
export function temporaryName(path: string): string {
  return `${path}.shepherd-${process.pid}-${RUN}-${randomBytes(6).toString("hex")}.tmp`;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as { code?: unknown }).code === "EPERM";
  }
}

/**
 * Remove the temporary files earlier writes of `path` left behind (a process killed mid-write),
 * and only those. Best effort: a file that cannot be listed or removed is left for next time.
 * Returns the names removed.
 */
export async function removeStaleTemporaries(path: string, now = Date.now()): Promise<string[]> {
  const name = basename(path);
  // Ours: `<name>.shepherd-<pid>-<run>-<hex>.tmp`; and `<name>.<12 hex>.tmp` of earlier versions.
  const ours = new RegExp(`^${escape(name)}\\.shepherd-(\\d+)-([0-9a-f]{8})-[0-9a-f]{12}\\.tmp$`);
  const legacy = new RegExp(`^${escape(name)}\\.[0-9a-f]{12}\\.tmp$`);
  let entries: string[];
  try {
    entries = await fs.readdir(dirname(path));
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const entry of entries) {
    const match = ours.exec(entry);
    if (match === null && !legacy.test(entry)) continue;
    const file = join(dirname(path), entry);
    let stale = false;
    if (match !== null) {
      const pid = Number(match[1]);
      stale = pid === process.pid ? match[2] !== RUN : !isAlive(pid);
    }
    if (!stale) {
      const stat = await fs.stat(file).catch(() => undefined);
      stale = stat !== undefined && now - stat.mtimeMs > STALE_MS;
    }
    if (!stale) continue;
    await fs.rm(file, { force: true }).then(
      () => removed.push(entry),
      () => undefined,
    );
  }
  return removed;
}

/**
 * Replace `path` with `data`: a string, or chunks (text or bytes) written one after another (a
 * large snapshot is never one string).
 */
export async function writeFileAtomic(
  path: string,
  data: string | Iterable<string | Uint8Array>,
  files: AtomicWriteFs = fs,
): Promise<void> {
  await removeStaleTemporaries(path);
  const temporary = temporaryName(path);
  try {
    await files.writeFile(temporary, data, "utf8");
    await files.rename(temporary, path);
  } catch (error) {
    await files.rm(temporary, { force: true }).catch(() => undefined);
    throw error;
  }
}
